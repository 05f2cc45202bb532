package com.arpgstudio.inference.serve;

import com.arpgstudio.inference.edit.EditException;
import com.arpgstudio.inference.edit.ImageInputException;
import com.arpgstudio.inference.edit.ImageTooLargeException;
import com.arpgstudio.inference.runtime.CancelledException;
import com.arpgstudio.inference.runtime.DeviceOutOfMemoryException;
import com.arpgstudio.inference.runtime.Texts;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/**
 * A request the server answers with an error: an HTTP status that fits, a message a person can act
 * on, and any headers the status calls for (Retry-After, Allow, WWW-Authenticate). The response
 * body is {@code {"error": {"status": 400, "message": "..."}}}.
 */
final class ApiException extends RuntimeException {

    private final HttpResponseStatus status;
    private final Map<String, String> headers;

    ApiException(HttpResponseStatus status, String message) {
        this(status, message, Map.of());
    }

    ApiException(HttpResponseStatus status, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    static ApiException badRequest(String message) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, message);
    }

    HttpResponseStatus status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    /** The error a failure of the engine or of reading an upload becomes; anything unforeseen is a 500. */
    static ApiException of(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof EditException edit) {
            return new ApiException(edit.reason() == EditException.Reason.IMAGE_TOO_LARGE
                    ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE : HttpResponseStatus.BAD_REQUEST, edit.getMessage());
        }
        if (failure instanceof ImageTooLargeException tooLarge) {
            return new ApiException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge.getMessage());
        }
        if (failure instanceof ImageInputException unreadable) {
            return badRequest(unreadable.getMessage());
        }
        if (failure instanceof DeviceOutOfMemoryException memory) {
            return new ApiException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, memory.getMessage());
        }
        if (failure instanceof CancelledException) {
            return new ApiException(HttpResponseStatus.CONFLICT, "the job was cancelled; it has no result");
        }
        return new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + Texts.escaped(failure));
    }
}
