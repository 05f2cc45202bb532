package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.fuzz.Mutations;
import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void plainTextIsUnchanged() {
        String text = "C:\\Users\\ann\\model.pt: tensor 'layers.0.w' résumé 画像 \ud83d\ude00";
        assertSame(text, Texts.escaped(text));
    }

    @Test
    void controlAndInvisibleCharactersAreEscaped() {
        assertEquals("\\u001b]0;pwned\\u0007", Texts.escaped("\u001b]0;pwned\u0007"));
        assertEquals("\\u000d\\u000aOK", Texts.escaped("\r\nOK"));
        assertEquals("\\u009b31m \\u007f", Texts.escaped("\u009b31m \u007f"));
        assertEquals("w\\u202eexe.pt", Texts.escaped("w\u202eexe.pt"));
        assertEquals("a\\u2028b\\u200bc", Texts.escaped("a\u2028b\u200bc"));
        assertEquals("a\\ud800b", Texts.escaped("a\ud800b"));
        for (String attack : Mutations.TERMINAL_ATTACKS) {
            String printed = Texts.escaped(attack);
            assertTrue(printed.chars().allMatch(c -> c >= 0x20 && c != 0x7f && (c < 0x80 || c >= 0xa0) && c != 0x202e),
                    printed);
        }
    }

    @Test
    void quotedValuesAreCutWholeTextIsNot() {
        String long1 = "x".repeat(500);
        assertEquals(Texts.MAX_SHOWN + 1, Texts.printable(long1).length());
        assertSame(long1, Texts.escaped(long1));
    }
}
