package io.gpenspark.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.gpenspark.manifest.ManifestRecord;
import io.gpenspark.manifest.ManifestSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Manifest rows as CSV (RFC 4180, header line) or JSON Lines, to one file or stream: for pandas,
 * spreadsheets and tools without Parquet. Timestamps are ISO-8601 UTC; PSNR +∞ (identical images)
 * is {@code inf} in CSV and {@code "Infinity"} in JSON; nulls are empty CSV fields and JSON nulls.
 */
public final class ManifestExport {
  public enum Format {
    CSV,
    JSONL;

    public static Format parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "csv" -> CSV;
        case "jsonl", "json" -> JSONL;
        default ->
            throw new IllegalArgumentException("format must be csv or jsonl, got '" + s + "'");
      };
    }
  }

  private ManifestExport() {}

  /**
   * Writes {@code rows} (manifest columns, in schema order) in the order given; returns the row
   * count.
   */
  public static long write(List<ManifestRecord> rows, Format format, OutputStream out)
      throws IOException {
    String[] fields = ManifestSchema.SCHEMA.fieldNames();
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    long n = 0;
    JsonGenerator json = null;
    if (format == Format.CSV) {
      for (int i = 0; i < fields.length; i++) {
        w.write((i > 0 ? "," : "") + fields[i]);
      }
      w.write("\r\n");
    } else {
      json = new JsonFactory().createGenerator(w);
      json.setRootValueSeparator(null);
    }
    for (ManifestRecord r : rows) {
      if (format == Format.CSV) {
        for (int i = 0; i < fields.length; i++) {
          if (i > 0) {
            w.write(',');
          }
          w.write(csv(r.values()[i]));
        }
        w.write("\r\n");
      } else {
        json.writeStartObject();
        for (int i = 0; i < fields.length; i++) {
          json.writeFieldName(fields[i]);
          Object v = r.values()[i];
          if (v == null) {
            json.writeNull();
          } else if (v instanceof Double d) {
            json.writeNumber(d); // non-finite values come out as "Infinity"/"NaN" strings
          } else if (v instanceof Integer x) {
            json.writeNumber(x);
          } else if (v instanceof Long x) {
            json.writeNumber(x);
          } else {
            json.writeString(text(v));
          }
        }
        json.writeEndObject();
        json.flush();
        w.write('\n');
      }
      n++;
    }
    if (json != null) {
      json.flush();
    }
    w.flush();
    return n;
  }

  static String text(Object v) {
    if (v instanceof Double d) {
      if (d.isNaN()) {
        return "nan";
      }
      if (d.isInfinite()) {
        return d > 0 ? "inf" : "-inf";
      }
      return Double.toString(d);
    }
    return String.valueOf(v);
  }

  static String csv(Object v) {
    if (v == null) {
      return "";
    }
    String s = text(v);
    boolean quote =
        s.isEmpty()
            || s.indexOf(',') >= 0
            || s.indexOf('"') >= 0
            || s.indexOf('\n') >= 0
            || s.indexOf('\r') >= 0
            || !s.strip().equals(s);
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
