// case_fold.hpp: Unicode case folding for search (Latin-1, Latin Extended, Greek, Cyrillic).
// Pure: no I/O, never throws. Not a full Unicode implementation: scripts without case pass through.
#pragma once
#include <string>
#include <string_view>

namespace crm::core {

// Folds UTF-8 text for case-insensitive comparison: "MÜLLER" -> "müller", "STRASSE"/"Straße" ->
// "strasse", "ΣΟΦΊΑ" -> "σοφία", "МОСКВА" -> "москва". Invalid UTF-8 bytes are copied unchanged.
std::string case_fold(std::string_view utf8);

char32_t case_fold_code_point(char32_t c);   // simple (1:1) fold; ß stays ß here (case_fold expands it)

}  // namespace crm::core
