package com.arpgstudio.app.canvas;

/**
 * Where the pointer is, in the canvas node ({@code screenX}, {@code screenY}) and in the image
 * ({@code imageX}, {@code imageY}); {@code altDown}: Alt is held (selections flip add / subtract).
 */
public record Pointer(double screenX, double screenY, double imageX, double imageY, boolean altDown) {}
