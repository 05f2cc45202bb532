package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.fuzz.Mutations;
import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void plainTextIsUnchanged() {
        String text = "C:\\Users\\ann\\model.pt: tensor 'layers.0.w' résumé 画像";
        assertSame(text, Printable.of(text));
    }

    @Test
    void controlAndInvisibleCharactersAreEscaped() {
        assertEquals("\\x1b]0;pwned\\x07", Printable.of("\u001b]0;pwned\u0007"));
        assertEquals("\\x0d\\x0aOK", Printable.of("\r\nOK"));
        assertEquals("\\x9b31m \\x7f", Printable.of("\u009b31m \u007f"));
        assertEquals("w\\u202eexe.pt", Printable.of("w\u202eexe.pt"));
        assertEquals("a\\ud800b", Printable.of("a\ud800b"));
        assertEquals("\ud83d\ude00", Printable.of("\ud83d\ude00")); // a paired surrogate is a character
        for (String attack : Mutations.TERMINAL_ATTACKS) {
            String printed = Printable.of(attack);
            assertTrue(printed.chars().allMatch(c -> c >= 0x20 && c != 0x7f && (c < 0x80 || c >= 0xa0) && c != 0x202e),
                    printed);
        }
    }
}
