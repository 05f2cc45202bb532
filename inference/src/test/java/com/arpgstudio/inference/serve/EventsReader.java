package com.arpgstudio.inference.serve;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads a Server-Sent Events stream one event at a time. */
final class EventsReader implements AutoCloseable {

    /** One event: its type and JSON data. */
    record Event(String type, JsonObject data) {

        boolean last() {
            return type.equals("done") || type.equals("error") || type.equals("cancelled");
        }
    }

    private final BufferedReader reader;

    EventsReader(InputStream body) {
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The next event, or null at the end of the stream. */
    Event next() throws IOException {
        String type = null;
        String data = null;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isEmpty()) {
                if (type != null) {
                    return new Event(type, JsonParser.parseString(data).getAsJsonObject());
                }
            } else if (line.startsWith("event: ")) {
                type = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = line.substring(6);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
