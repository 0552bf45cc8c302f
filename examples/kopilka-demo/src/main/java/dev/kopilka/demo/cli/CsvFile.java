package dev.kopilka.demo.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A UTF-8 CSV file with a header line: comma-separated, fields may be double-quoted (a doubled quote inside is
 * a quote), blank lines and lines starting with {@code #} are skipped. Rows keep their line numbers so every
 * error can name its place.
 */
final class CsvFile {

    /** One data line. */
    record Row(String file, long line, Map<String, String> fields) {
        String get(String column) {
            String v = fields.get(column);
            return v == null ? "" : v.strip();
        }

        UserError error(String column, String message) {
            return UserError.at(file, line, "column '" + column + "': " + message);
        }
    }

    private CsvFile() {
    }

    /** Reads the file; the header must hold exactly {@code required} (any order) plus any of {@code optional}. */
    static List<Row> read(Path path, List<String> required, List<String> optional) {
        String file = path.toString();
        if (!Files.isRegularFile(path)) {
            throw new UserError(file + ": no such file");
        }
        List<Row> rows = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            List<String> header = null;
            String text;
            long line = 0;
            while ((text = reader.readLine()) != null) {
                line++;
                if (line == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1); // Excel's byte order mark
                }
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                List<String> fields = split(text, file, line);
                if (header == null) {
                    header = fields.stream().map(String::strip).toList();
                    for (String column : required) {
                        if (!header.contains(column)) {
                            throw UserError.at(file, line, "the header lacks column '" + column + "' (expected "
                                    + String.join(",", required) + ")");
                        }
                    }
                    for (String column : header) {
                        if (!required.contains(column) && !optional.contains(column)) {
                            throw UserError.at(file, line, "unknown column '" + column + "' (known: "
                                    + String.join(",", required) + (optional.isEmpty() ? "" : "," + String.join(",", optional)) + ")");
                        }
                    }
                    continue;
                }
                if (fields.size() != header.size()) {
                    throw UserError.at(file, line, "expected " + header.size() + " fields as in the header, found "
                            + fields.size());
                }
                Map<String, String> values = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    values.put(header.get(i), fields.get(i));
                }
                rows.add(new Row(file, line, values));
            }
            if (header == null) {
                throw new UserError(file + ": empty, expected a header line " + String.join(",", required));
            }
        } catch (MalformedInputException e) {
            throw new UserError(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UserError(file + ": cannot be read: " + e.getMessage());
        }
        return rows;
    }

    static List<String> split(String text, String file, long line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                quoted = true;
                field.setLength(0);
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw UserError.at(file, line, "a quoted field is not closed");
        }
        fields.add(field.toString());
        return fields;
    }
}
