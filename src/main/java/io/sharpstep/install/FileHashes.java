package io.sharpstep.install;

import io.sharpstep.core.CancelToken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/** Checking a file against its catalogue hash: SHA-256, or git's blob SHA-1 (of "blob &lt;size&gt;\0" + bytes). */
final class FileHashes {
    private FileHashes() {
    }

    static MessageDigest sha256() {
        return digest("SHA-256");
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code file} has the catalogue's hash (reads it once; cancellable; reports bytes read). */
    static boolean matches(Catalogue.SourceFile f, Path file, CancelToken cancel, LongConsumer read) throws IOException {
        long size = Files.size(file);
        if (f.bytes() >= 0 && size != f.bytes()) {
            return false;
        }
        MessageDigest md;
        if (f.sha256() != null) {
            md = sha256();
        } else {
            md = digest("SHA-1");
            md.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
        }
        update(md, file, cancel, read);
        String hex = HexFormat.of().formatHex(md.digest());
        return hex.equals(f.sha256() != null ? f.sha256() : f.gitBlobSha1());
    }

    /** Feeds a file's bytes to {@code md}. */
    static void update(MessageDigest md, Path file, CancelToken cancel, LongConsumer read) throws IOException {
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                cancel.check();
                md.update(buf, 0, n);
                read.accept(n);
            }
        }
    }
}
