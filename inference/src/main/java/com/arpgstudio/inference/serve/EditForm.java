package com.arpgstudio.inference.serve;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditRequest;
import com.arpgstudio.inference.edit.ImageDecoder;
import com.arpgstudio.inference.edit.ImageInputException;
import com.arpgstudio.inference.edit.Margins;
import com.arpgstudio.inference.edit.Operation;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.runtime.Texts;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.HttpData;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An edit request as a form ({@code multipart/form-data}, or {@code application/x-www-form-urlencoded}
 * without images): {@code image} and {@code mask} files, a {@code settings} JSON part
 * ({@link SettingsJson}), {@code left}/{@code right}/{@code top}/{@code bottom} for outpainting and,
 * on the jobs endpoint, {@code operation}. Netty's decoder splits the parts; images go through the
 * engine's {@link ImageDecoder} with the server's pixel cap. A missing, unknown or repeated part is
 * refused with a message naming it.
 */
final class EditForm {

    static final String IMAGE = "image";
    static final String MASK = "mask";
    static final String SETTINGS = "settings";
    static final String OPERATION = "operation";
    static final List<String> MARGINS = List.of("left", "right", "top", "bottom");

    /** More than any operation takes; a form with more parts is refused while it is split. */
    private static final int MAX_PARTS = 16;

    private EditForm() {}

    /**
     * The edit a request asks for.
     *
     * @param operation   the endpoint's operation, or null when the form names it ({@code operation})
     * @param recommended the served model's sampling settings, for what the settings part leaves out
     */
    static EditRequest read(FullHttpRequest request, Operation operation, long maxPixels,
                            SamplingSettings recommended) {
        Map<String, byte[]> parts = parts(request);
        Operation op = operation != null ? operation : operation(parts.remove(OPERATION));
        if (operation != null && parts.containsKey(OPERATION)) {
            throw ApiException.badRequest("part \"operation\" is only for /api/v1/jobs; this endpoint is "
                    + name(operation));
        }
        Set<String> allowed = switch (op) {
            case INPAINT -> Set.of(IMAGE, MASK, SETTINGS);
            case OUTPAINT -> Set.of(IMAGE, SETTINGS, "left", "right", "top", "bottom");
            case EXPAND -> Set.of(IMAGE, SETTINGS);
            case GENERATE -> Set.of(SETTINGS);
            case REROLL -> throw rerollNotServed();
        };
        for (String name : parts.keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("part \"" + Texts.printable(name) + "\" is not used by "
                        + name(op) + "; its parts are " + allowed.stream().sorted().toList());
            }
        }
        byte[] settingsPart = parts.get(SETTINGS);
        if (settingsPart != null && settingsPart.length > SettingsJson.MAX_BYTES) {
            throw ApiException.badRequest("settings: expected at most " + SettingsJson.MAX_BYTES + " bytes of JSON, "
                    + "found " + settingsPart.length);
        }
        SamplingSettings sampling = settingsPart == null ? SettingsJson.defaults(recommended)
                : SettingsJson.parse(new String(settingsPart, StandardCharsets.UTF_8), recommended);
        return switch (op) {
            case INPAINT -> {
                ArgbImage image = image(parts, IMAGE, maxPixels);
                PixelMask mask = PixelMask.of(image(parts, MASK, maxPixels));
                yield EditRequest.inpaint(image, mask, sampling);
            }
            case OUTPAINT -> EditRequest.outpaint(image(parts, IMAGE, maxPixels), margins(parts), sampling);
            case EXPAND -> EditRequest.expand(image(parts, IMAGE, maxPixels), sampling);
            case GENERATE -> EditRequest.generate(sampling);
            case REROLL -> throw rerollNotServed();
        };
    }

    /** A re-roll starts from a fill's tokens, which the API does not keep between jobs. */
    private static ApiException rerollNotServed() {
        return ApiException.badRequest("operation reroll is not served: it starts from a fill's tokens (use arpg "
                + "refine); expected inpaint, outpaint, expand or generate");
    }

    /** The lower-case name an operation has in paths and forms. */
    static String name(Operation operation) {
        return operation.name().toLowerCase(Locale.ROOT);
    }

    private static Operation operation(byte[] part) {
        if (part == null) {
            throw ApiException.badRequest("missing part \"operation\": expected inpaint, outpaint, expand or generate");
        }
        String text = new String(part, StandardCharsets.UTF_8).trim();
        for (Operation candidate : Operation.values()) {
            if (name(candidate).equals(text)) {
                return candidate;
            }
        }
        throw ApiException.badRequest("operation: expected inpaint, outpaint, expand or generate, found \""
                + Texts.printable(text) + "\"");
    }

    private static Map<String, byte[]> parts(FullHttpRequest request) {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "").toLowerCase(Locale.ROOT);
        if (!type.startsWith("multipart/form-data") && !type.startsWith("application/x-www-form-urlencoded")) {
            throw new ApiException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "expected a multipart/form-data body "
                    + "(curl -F image=@in.png ...), found " + (type.isEmpty() ? "no Content-Type"
                    : "Content-Type " + Texts.printable(type)));
        }
        HttpPostRequestDecoder decoder;
        try {
            decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), request, StandardCharsets.UTF_8,
                    MAX_PARTS, -1);
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
            throw ApiException.badRequest("malformed form: " + e.getMessage());
        }
        try {
            Map<String, byte[]> parts = new LinkedHashMap<>();
            for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                if (!(data instanceof HttpData http)) {
                    continue;
                }
                if (parts.put(data.getName(), http.get()) != null) {
                    throw ApiException.badRequest("part \"" + Texts.printable(data.getName())
                            + "\" is given twice");
                }
            }
            return parts;
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException | HttpPostRequestDecoder.TooManyFormFieldsException
                 | IOException e) {
            throw ApiException.badRequest("malformed form: " + e.getMessage());
        } finally {
            decoder.destroy();
        }
    }

    private static ArgbImage image(Map<String, byte[]> parts, String name, long maxPixels) {
        byte[] bytes = parts.get(name);
        if (bytes == null) {
            throw ApiException.badRequest("missing part \"" + name + "\": expected an image file (PNG, JPEG, BMP or GIF)");
        }
        try {
            return ImageDecoder.read(new ByteArrayInputStream(bytes), name, maxPixels).image();
        } catch (ImageInputException e) {
            throw ApiException.of(e);
        }
    }

    private static Margins margins(Map<String, byte[]> parts) {
        int[] values = new int[4];
        for (int i = 0; i < 4; i++) {
            byte[] part = parts.get(MARGINS.get(i));
            if (part == null) {
                continue;
            }
            String text = new String(part, StandardCharsets.UTF_8).trim();
            try {
                values[i] = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest(MARGINS.get(i) + ": expected a number of pixels, found \""
                        + Texts.printable(text) + "\"");
            }
        }
        try {
            return new Margins(values[0], values[2], values[1], values[3]);
        } catch (RuntimeException e) {
            throw ApiException.of(e);
        }
    }
}
