// csv_writer.hpp: RFC 4180 CSV bytes (UTF-8 with BOM, CRLF) with the OWASP formula-injection
// defence, and the matching reader for checks. Pure: no I/O, never throws; knows nothing of accounts.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::core {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// A cell as written: a cell starting with = + - @ TAB or CR gets a leading ' (spreadsheets would
// run it as a formula) and is quoted; a cell containing , " CR or LF is quoted too, with its quotes
// doubled. Bytes are copied as they are (UTF-8 passes through).
std::string csv_cell(std::string_view text);
bool csv_needs_formula_guard(std::string_view text);     // starts with = + - @ TAB or CR

// Builds a file: the BOM once, then one CRLF-terminated record per row().
class CsvWriter {
public:
    explicit CsvWriter(bool with_bom = true);
    void row(const std::vector<std::string>& cells);     // {} and {""} both write an empty line
    const std::string& bytes() const { return out_; }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

// Reads RFC 4180 text back into records (a leading BOM skipped; CRLF or LF line ends; the final
// line end optional). nullopt on a malformed quote. It does NOT undo the formula guard's '.
std::optional<std::vector<std::vector<std::string>>> csv_parse(std::string_view text);

}  // namespace crm::core
