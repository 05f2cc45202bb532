package com.arpgstudio.app.window;

/** The Ikonli (Material Design) icons of the window's own controls; actions name theirs in ActionId, tools in Tool. */
final class Icons {

    static final String EMPTY_CANVAS = "mdi2i-image-filter-center-focus";
    static final String APPLY = "mdi2c-check";
    static final String DISCARD = "mdi2c-close";
    static final String REUSE = "mdi2r-restore";

    private Icons() {}
}
