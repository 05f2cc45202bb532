package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.runtime.Texts;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Embedded ICC profiles: their names, and RGB pixels converted from one to sRGB by Java's colour management. */
final class ColorProfiles {

    private ColorProfiles() {}

    /**
     * The pixels, taken as values of an RGB profile, converted to sRGB (alpha kept), with a note;
     * an sRGB profile, a profile of another kind or a damaged one leaves them as they are (noted
     * but for sRGB).
     */
    static ArgbImage toSrgb(ArgbImage pixels, byte[] profileBytes, List<String> notes) {
        ICC_Profile profile;
        try {
            profile = ICC_Profile.getInstance(profileBytes);
        } catch (IllegalArgumentException e) {
            notes.add("its colour profile is damaged and was ignored");
            return pixels;
        }
        String name = describe(profile);
        if (name.startsWith("sRGB")) { // "sRGB IEC61966-2.1", "sRGB built-in"; not "linear sRGB"
            return pixels;
        }
        if (profile.getColorSpaceType() != ColorSpace.TYPE_RGB) {
            notes.add("its colour profile (" + name + ") is not an RGB profile and was ignored");
            return pixels;
        }
        int w = pixels.width();
        int h = pixels.height();
        WritableRaster source = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 3, null);
        WritableRaster target = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 3, null);
        byte[] rgb = ((java.awt.image.DataBufferByte) source.getDataBuffer()).getData();
        int[] argb = pixels.pixels();
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        try {
            new ColorConvertOp(new ICC_Profile[] {profile, ICC_Profile.getInstance(ColorSpace.CS_sRGB)}, null)
                    .filter(source, target);
        } catch (RuntimeException e) { // a profile Java's colour management cannot use
            notes.add("its colour profile (" + name + ") cannot be applied and was ignored");
            return pixels;
        }
        byte[] converted = ((java.awt.image.DataBufferByte) target.getDataBuffer()).getData();
        int[] out = new int[argb.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = argb[i] & 0xff000000 | (converted[3 * i] & 0xff) << 16 | (converted[3 * i + 1] & 0xff) << 8
                    | converted[3 * i + 2] & 0xff;
        }
        notes.add("converted from its colour profile (" + name + ") to sRGB");
        return new ArgbImage(w, h, out);
    }

    /** The profile's description ('desc' of ICC v2, the first 'mluc' record of v4), escaped; "unnamed" if none. */
    static String describe(ICC_Profile profile) {
        byte[] tag = profile.getData(ICC_Profile.icSigProfileDescriptionTag);
        if (tag == null || tag.length < 12) {
            return "unnamed";
        }
        ByteBuffer in = ByteBuffer.wrap(tag);
        String type = new String(tag, 0, 4, StandardCharsets.US_ASCII);
        String name = null;
        if (type.equals("desc")) {
            int length = in.getInt(8);
            if (length > 0 && length <= tag.length - 12) {
                name = new String(tag, 12, length, StandardCharsets.ISO_8859_1).replace("\0", "");
            }
        } else if (type.equals("mluc") && tag.length >= 28 && in.getInt(8) > 0) {
            int length = in.getInt(20);
            int offset = in.getInt(24);
            if (offset >= 0 && length > 0 && offset <= tag.length - length) {
                name = new String(tag, offset, length, StandardCharsets.UTF_16BE).replace("\0", "");
            }
        }
        return name == null || name.isBlank() ? "unnamed" : Texts.escaped(name.strip());
    }
}
