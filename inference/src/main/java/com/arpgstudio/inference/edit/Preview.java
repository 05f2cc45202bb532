package com.arpgstudio.inference.edit;

/**
 * The current state of one variant inside one window.
 *
 * @param region  where the window lies on the canvas ({@link Window#region()}); draw
 *                {@code image} scaled into it
 * @param image   the window at model size: known pixels, generated tokens so far, grey where
 *                tokens are still to come
 * @param decoded true when the image is a full decode, false for the per-code approximation
 */
public record Preview(Rect region, ArgbImage image, boolean decoded) {}
