package io.sharpstep.install;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A catalogue of the tiny fixture sources (sizes and hashes from sources.json), with the given mirrors. */
public final class TestCatalogue {
    private TestCatalogue() {
    }

    /** The catalogue as JSON text; osediff.pkl is not mirrored and has its own {@code pklUrls}. */
    static String json(List<URI> mirrors, List<URI> pklUrls) throws IOException {
        return json(mirrors, pklUrls, null);
    }

    /** With {@code pkl} (bytes) pinned as osediff.pkl instead of the fixture's. */
    static String json(List<URI> mirrors, List<URI> pklUrls, byte[] pkl) throws IOException {
        JsonObject src = JsonParser.parseString(Files.readString(InstallFixtures.ROOT.resolve("sources.json")))
                .getAsJsonObject();
        JsonObject o = new JsonObject();
        o.addProperty("format", 1);
        o.addProperty("packId", "ci-x4");
        o.addProperty("name", "CI ×4");
        o.add("mirrors", uris(mirrors));
        JsonArray licences = new JsonArray();
        for (String id : new String[] {"creativeml-openrail++-m", "apache-2.0"}) {
            JsonObject l = new JsonObject();
            l.addProperty("id", id);
            l.addProperty("name", id.toUpperCase());
            l.addProperty("covers", "test files");
            l.addProperty("url", "https://example.invalid/" + id);
            l.addProperty("summary", "Test licence " + id + ".");
            licences.add(l);
        }
        o.add("licences", licences);
        JsonArray files = new JsonArray();
        for (JsonElement e : src.getAsJsonArray("files")) {
            JsonObject f = e.getAsJsonObject();
            String path = f.get("path").getAsString().replaceFirst("^sd21/", "");
            if (path.endsWith("config.json")) {
                continue;
            }
            JsonObject x = new JsonObject();
            x.addProperty("role", path.equals("osediff.pkl") ? "osediff" : path.substring(0, path.indexOf('/')));
            x.addProperty("path", path);
            x.addProperty("precision", path.equals("osediff.pkl") ? "any" : path.contains(".fp16.") ? "fp16" : "fp32");
            x.addProperty("licence", path.equals("osediff.pkl") ? "apache-2.0" : "creativeml-openrail++-m");
            if (path.equals("osediff.pkl")) {
                x.addProperty("approxBytes", f.get("bytes").getAsLong() + 1000); // size unknown, as the real one
                x.addProperty("gitBlobSha1", pkl == null ? f.get("gitBlobSha1").getAsString() : gitBlobSha1(pkl));
                x.addProperty("mirrored", false);
                x.add("urls", uris(pklUrls));
            } else {
                x.add("bytes", f.get("bytes"));
                x.add("sha256", f.get("sha256"));
            }
            files.add(x);
        }
        o.add("files", files);
        return o.toString();
    }

    public static Catalogue of(List<URI> mirrors, List<URI> pklUrls) throws IOException {
        return Catalogue.parse(json(mirrors, pklUrls));
    }

    static Path write(Path file, List<URI> mirrors, List<URI> pklUrls) throws IOException {
        return Files.writeString(file, json(mirrors, pklUrls));
    }

    static String gitBlobSha1(byte[] data) {
        java.security.MessageDigest md = FileHashes.digest("SHA-1");
        md.update(("blob " + data.length + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return java.util.HexFormat.of().formatHex(md.digest(data));
    }

    private static JsonArray uris(List<URI> list) {
        JsonArray a = new JsonArray();
        list.forEach(u -> a.add(u.toString()));
        return a;
    }
}
