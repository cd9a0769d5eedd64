// fuzz_csv_writer.cpp: libFuzzer target for the CSV writer: arbitrary cells (bytes split at 0x00,
// records at 0x01) must read back as the same cells (the formula guard's ' added) and never start a
// cell with a formula character.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/io/csv_writer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<std::vector<std::string>> records(1, std::vector<std::string>(1));
    for (size_t i = 0; i < size; ++i) {
        const char c = static_cast<char>(data[i]);
        if (c == '\x01') records.emplace_back(1);
        else if (c == '\0') records.back().emplace_back();
        else records.back().back().push_back(c);
    }
    crm::core::CsvWriter w;
    for (const auto& r : records) w.row(r);
    const std::string& bytes = w.bytes();
    if (bytes.size() < 3 || bytes.compare(0, 3, "\xEF\xBB\xBF") != 0) __builtin_trap();
    if (bytes.size() < 5 || bytes.compare(bytes.size() - 2, 2, "\r\n") != 0) __builtin_trap();
    auto back = crm::core::csv_parse(bytes);
    if (!back || back->size() != records.size()) __builtin_trap();
    for (size_t r = 0; r < records.size(); ++r) {
        const auto& got = (*back)[r];
        if (got.size() != records[r].size()) __builtin_trap();
        for (size_t c = 0; c < got.size(); ++c) {
            const std::string& in = records[r][c];
            const std::string want = crm::core::csv_needs_formula_guard(in) ? "'" + in : in;
            if (got[c] != want) __builtin_trap();
            if (crm::core::csv_needs_formula_guard(got[c])) __builtin_trap();   // nothing a spreadsheet runs
        }
    }
    return 0;
}
