// csv_writer.cpp: CSV cells, records and the reader. Pure: no I/O, never throws.
#include "core/io/csv_writer.hpp"

namespace crm::core {

bool csv_needs_formula_guard(std::string_view text) {
    if (text.empty()) return false;
    switch (text.front()) {
        case '=': case '+': case '-': case '@': case '\t': case '\r': return true;
        default: return false;
    }
}

std::string csv_cell(std::string_view text) {
    const bool guard = csv_needs_formula_guard(text);
    std::string cell;
    cell.reserve(text.size() + 3);
    if (guard) cell.push_back('\'');
    cell.append(text);
    if (!guard && cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string quoted;
    quoted.reserve(cell.size() + 8);
    quoted.push_back('"');
    for (char c : cell) {
        if (c == '"') quoted.push_back('"');
        quoted.push_back(c);
    }
    quoted.push_back('"');
    return quoted;
}

CsvWriter::CsvWriter(bool with_bom) {
    if (with_bom) out_.append(kUtf8Bom);
}

void CsvWriter::row(const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) out_.push_back(',');
        out_.append(csv_cell(cells[i]));
    }
    out_.append("\r\n");
}

std::optional<std::vector<std::vector<std::string>>> csv_parse(std::string_view text) {
    if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string cell;
    size_t i = 0;
    const size_t n = text.size();
    while (i < n) {
        // One cell starts at i.
        if (text[i] == '"') {
            ++i;
            for (;;) {
                if (i >= n) return std::nullopt;               // unterminated quote
                if (text[i] == '"') {
                    if (i + 1 < n && text[i + 1] == '"') {
                        cell.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                cell.push_back(text[i++]);
            }
            if (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n') return std::nullopt;   // "a"b
        } else {
            while (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
                if (text[i] == '"') return std::nullopt;       // a quote inside an unquoted cell
                cell.push_back(text[i++]);
            }
        }
        record.push_back(std::move(cell));
        cell.clear();
        if (i >= n) break;
        if (text[i] == ',') {
            ++i;
            if (i == n) record.emplace_back();                 // "a," at the very end
            continue;
        }
        // A line end: CRLF or LF.
        if (text[i] == '\r') {
            if (i + 1 >= n || text[i + 1] != '\n') return std::nullopt;   // a bare CR outside quotes
            ++i;
        }
        ++i;
        records.push_back(std::move(record));
        record.clear();
    }
    if (!record.empty()) records.push_back(std::move(record));
    return records;
}

}  // namespace crm::core
