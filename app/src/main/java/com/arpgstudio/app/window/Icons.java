package com.arpgstudio.app.window;

import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

/** The (Material Design) icons of the window's own controls; actions name theirs in ActionId, tools in Tool. */
final class Icons {

    static final Ikon EMPTY_CANVAS = MaterialDesignI.IMAGE_FILTER_CENTER_FOCUS;
    static final Ikon APPLY = MaterialDesignC.CHECK;
    static final Ikon DISCARD = MaterialDesignC.CLOSE;
    static final Ikon REUSE = MaterialDesignR.RESTORE;

    private Icons() {}
}
