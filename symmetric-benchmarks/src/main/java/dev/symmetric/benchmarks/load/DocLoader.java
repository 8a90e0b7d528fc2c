package dev.symmetric.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;

/**
 * Loads small documents into a database with {@code _bulk_docs} batches, one batch at a time, and
 * prints the rate. Works against a node ({@code http://127.0.0.1:5990/db/bench}) and pouchdb-server
 * ({@code http://127.0.0.1:5995/bench}) alike.
 *
 * <pre>{@code
 * java -cp benchmarks.jar dev.symmetric.benchmarks.load.DocLoader \
 *     --db http://127.0.0.1:5990/db/bench --docs 100000 [--batch 1000] [--secret S]
 * }</pre>
 */
public final class DocLoader {
  private DocLoader() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Flags flags = Flags.parse(args);
    URI db = Http.db(flags.required("db"));
    int docs = flags.intValue("docs", 100_000);
    int batch = flags.intValue("batch", 1_000);
    if (docs < 1 || batch < 1 || batch > 10_000) {
      throw new IllegalArgumentException("--docs at least 1, --batch 1..10000");
    }
    Http http = new Http(flags.get("secret", ""));
    http.createDatabase(db);
    long start = System.nanoTime();
    for (int from = 0; from < docs; from += batch) {
      int to = Math.min(docs, from + batch);
      StringBuilder body = new StringBuilder(to * 120).append("{\"docs\":[");
      for (int i = from; i < to; i++) {
        if (i > from) {
          body.append(',');
        }
        body.append(doc(i));
      }
      body.append("]}");
      HttpResponse<String> r = http.send("POST", Http.child(db, "_bulk_docs"), body.toString());
      if (r.statusCode() != 201 && r.statusCode() != 200) {
        throw new IllegalStateException("_bulk_docs answered " + r.statusCode() + " " + r.body());
      }
      if (r.body().contains("\"error\"")) {
        throw new IllegalStateException("_bulk_docs refused documents: " + head(r.body()));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "loaded %d docs in batches of %d into %s: %.2f s, %.0f docs/s%n",
        docs, batch, db, seconds, docs / seconds);
  }

  /** A small document, about 100 bytes of JSON. */
  static String doc(int i) {
    return String.format(
        "{\"_id\":\"doc-%08d\",\"n\":%d,\"name\":\"user %d\",\"email\":\"user%d@example.com\","
            + "\"active\":%b}",
        i, i, i, i, i % 3 != 0);
  }

  private static String head(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
