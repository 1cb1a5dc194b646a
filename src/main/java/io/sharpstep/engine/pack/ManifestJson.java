package io.sharpstep.engine.pack;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.sharpstep.core.SharpStepException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads model.json into a JSON object; whatever is wrong with the file is one sentence naming the pack. */
final class ManifestJson {
    /** A manifest is a few hundred bytes; anything near this is not one. */
    static final long MAX_BYTES = 1 << 20;
    private static final Pattern WHERE = Pattern.compile("line (\\d+) column (\\d+)");

    private ManifestJson() {
    }

    static JsonObject parse(Path file, String id) {
        String name = "Model pack '" + id + "': " + ManifestReader.MANIFEST;
        String text;
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new SharpStepException(SharpStepException.Kind.PACK, name + " is empty.");
            }
            if (size > MAX_BYTES) {
                throw new SharpStepException(SharpStepException.Kind.PACK, name + " is " + size / 1024
                        + " KB, too large for a manifest (at most 1 MB).");
            }
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new SharpStepException(SharpStepException.Kind.PACK, name + " is not UTF-8 text.", e);
        } catch (IOException e) {
            throw new SharpStepException(SharpStepException.Kind.PACK, "Model pack '" + id + "' has no readable "
                    + ManifestReader.MANIFEST + ".", e);
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
            throw new SharpStepException(SharpStepException.Kind.PACK, name + " is not valid JSON" + where(e)
                    + ".", e);
        } catch (StackOverflowError e) {
            throw new SharpStepException(SharpStepException.Kind.PACK, name + " is not a manifest: it is nested"
                    + " too deeply.", e);
        }
        if (root == null || !root.isJsonObject()) {
            throw new SharpStepException(SharpStepException.Kind.PACK, name + " must hold a JSON object { … }, not "
                    + (root == null || root.isJsonNull() ? "nothing" : root.isJsonArray() ? "a list"
                    : "a single value") + ".");
        }
        return root.getAsJsonObject();
    }

    /** " (it ends too early, at line 3, column 1)" from gson's message, without its class names. */
    private static String where(RuntimeException e) {
        boolean eof = false;
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            eof |= c instanceof java.io.EOFException || String.valueOf(c.getMessage()).contains("End of input");
        }
        Matcher m = WHERE.matcher(String.valueOf(e.getMessage()));
        String at = m.find() ? "at line " + m.group(1) + ", column " + m.group(2) : "";
        if (eof) {
            return " (it ends too early" + (at.isEmpty() ? "" : ", " + at) + ")";
        }
        return at.isEmpty() ? "" : " (" + at + ")";
    }
}
