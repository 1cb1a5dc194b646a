package io.sharpstep.install;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sharpstep.core.Precision;
import io.sharpstep.core.SharpStepException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the source files of a pack come from, as data ({@code osediff-sources.json} in the app): per file its
 * role, relative path (diffusers layout), size (exact, or approximate where unknown), its pinned hash (SHA-256,
 * or for osediff.pkl the git blob SHA-1, the only one published) and its mirrors, tried in order.
 *
 * @param packId   pack folder prefix ("osediff-x4" → osediff-x4-fp16)
 * @param name     what the pack is called
 * @param mirrors  base URLs of the diffusers layout, tried in order for files that are mirrored
 * @param licences the licences the user accepts
 * @param files    every file, of every precision
 */
public record Catalogue(String packId, String name, List<URI> mirrors, List<Licence> licences,
                        List<SourceFile> files) {
    /** A licence to accept. */
    public record Licence(String id, String name, String covers, String url, String summary) {
    }

    /**
     * One downloadable file.
     *
     * @param role        unet, vae, text_encoder or osediff
     * @param path        relative path (also under each mirror)
     * @param precision   fp32, fp16, or null for any
     * @param bytes       exact size, or -1 where unknown
     * @param approxBytes size for planning (exact where known)
     * @param sha256      lower-case hex, or null
     * @param gitBlobSha1 git blob SHA-1, lower-case hex, or null
     * @param mirrored    whether the catalogue's mirrors (and the user's) hold it under {@code path}
     * @param urls        its own URLs, tried after the mirrors
     */
    public record SourceFile(String role, String path, Precision precision, long bytes, long approxBytes,
                             String sha256, String gitBlobSha1, String licence, boolean mirrored, List<URI> urls) {
        /** The file name. */
        public String fileName() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        /** Which hash pins it, for the user ("SHA-256" or "git blob SHA-1"). */
        public String hashKind() {
            return sha256 != null ? "SHA-256" : "git blob SHA-1";
        }

        /** URLs in the order to try: the user's mirrors, the catalogue's, then the file's own. */
        public List<URI> urls(List<URI> userMirrors, List<URI> catalogueMirrors) {
            List<URI> out = new ArrayList<>();
            if (mirrored) {
                for (URI m : userMirrors) {
                    out.add(resolve(m, path));
                }
                for (URI m : catalogueMirrors) {
                    out.add(resolve(m, path));
                }
            } else {
                for (URI m : userMirrors) {
                    out.add(resolve(m, path));
                }
            }
            out.addAll(urls);
            return out;
        }

        private static URI resolve(URI base, String path) {
            String b = base.toString();
            return URI.create(b.endsWith("/") ? b + path : b + "/" + path);
        }
    }

    /** The catalogue shipped with the app. */
    public static Catalogue bundled() {
        try (InputStream in = Catalogue.class.getResourceAsStream("/io/sharpstep/install/osediff-sources.json")) {
            if (in == null) {
                throw new IOException("missing resource osediff-sources.json");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SharpStepException(SharpStepException.Kind.INTERNAL, "The list of model sources is missing "
                    + "from this SharpStep.", e);
        }
    }

    /** A catalogue file (tests, or a user's own list). */
    public static Catalogue read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, "Cannot read " + file.getFileName() + ".", e);
        }
    }

    static Catalogue parse(String text) {
        try {
            JsonObject o = JsonParser.parseString(text).getAsJsonObject();
            if (o.get("format").getAsInt() != 1) {
                throw new IllegalArgumentException("format " + o.get("format"));
            }
            List<Licence> licences = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("licences")) {
                JsonObject l = e.getAsJsonObject();
                licences.add(new Licence(l.get("id").getAsString(), l.get("name").getAsString(),
                        l.get("covers").getAsString(), l.get("url").getAsString(), l.get("summary").getAsString()));
            }
            List<SourceFile> files = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("files")) {
                JsonObject f = e.getAsJsonObject();
                String p = f.get("precision").getAsString();
                long bytes = f.has("bytes") ? f.get("bytes").getAsLong() : -1;
                files.add(new SourceFile(f.get("role").getAsString(), f.get("path").getAsString(),
                        p.equals("any") ? null : Precision.lookup(p), bytes,
                        f.has("approxBytes") ? f.get("approxBytes").getAsLong() : bytes,
                        hex(f, "sha256", 64), hex(f, "gitBlobSha1", 40), f.get("licence").getAsString(),
                        !f.has("mirrored") || f.get("mirrored").getAsBoolean(), uris(f.getAsJsonArray("urls"))));
                if (files.get(files.size() - 1).sha256() == null && files.get(files.size() - 1).gitBlobSha1() == null) {
                    throw new IllegalArgumentException(f.get("path") + " has no hash");
                }
            }
            return new Catalogue(o.get("packId").getAsString(), o.get("name").getAsString(),
                    uris(o.getAsJsonArray("mirrors")), List.copyOf(licences), List.copyOf(files));
        } catch (RuntimeException e) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, "The list of model sources is not valid ("
                    + e.getMessage() + ").", e);
        }
    }

    private static String hex(JsonObject f, String key, int len) {
        if (!f.has(key)) {
            return null;
        }
        String h = f.get(key).getAsString().toLowerCase(Locale.ROOT);
        if (!h.matches("[0-9a-f]{" + len + "}")) {
            throw new IllegalArgumentException(key + " of " + f.get("path") + " is not a hash");
        }
        return h;
    }

    private static List<URI> uris(JsonArray a) {
        List<URI> out = new ArrayList<>();
        if (a != null) {
            a.forEach(e -> out.add(URI.create(e.getAsString())));
        }
        return List.copyOf(out);
    }

    /** The files to fetch for a pack of {@code precision}: one per role. */
    public List<SourceFile> filesFor(Precision precision) {
        return files.stream().filter(f -> f.precision() == null || f.precision() == precision).toList();
    }

    /** Every file of a role (each precision's variant). */
    public List<SourceFile> variants(String role) {
        return files.stream().filter(f -> f.role().equals(role)).toList();
    }

    /** The catalogue with other mirrors (tests). */
    public Catalogue withMirrors(List<URI> m) {
        return new Catalogue(packId, name, List.copyOf(m), licences, files);
    }
}
