package com.arpgstudio.inference.checkpoint;

import com.arpgstudio.inference.runtime.UserFileException;
import com.arpgstudio.inference.runtime.UserFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The file formats a checkpoint may have, told apart by content, never by file name. */
public enum CheckpointFormat {
    SAFETENSORS("safetensors"),
    TORCH_ZIP("PyTorch zip checkpoint (torch.save)"),
    TORCH_LEGACY("PyTorch legacy checkpoint (torch.save before 1.6)");

    private final String description;

    CheckpointFormat(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Reads the first bytes: a zip signature, torch's legacy magic number, or a safetensors header length and '{'. */
    public static CheckpointFormat detect(Path file) throws IOException {
        try {
            UserFiles.requireRegular(file, "checkpoint");
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint not found: " + file);
        } catch (UserFileException e) {
            throw new CheckpointException(e.getMessage());
        }
        byte[] head = new byte[16];
        int n;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.wrap(head);
            n = 0;
            while (buffer.hasRemaining()) {
                int got = channel.read(buffer);
                if (got < 0) {
                    break;
                }
                n += got;
            }
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6)) {
            return TORCH_ZIP;
        }
        if (TorchCheckpointReader.isLegacy(head)) {
            return TORCH_LEGACY;
        }
        if (n >= 9) {
            long headerLength = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength > 0 && head[8] == '{') {
                return SAFETENSORS;
            }
        }
        throw new CheckpointException(file + ": not a checkpoint: expected a safetensors file or a PyTorch"
                + " checkpoint (zip or legacy), found " + n + " leading bytes " + hex(head, n));
    }

    private static String hex(byte[] bytes, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(n, 8); i++) {
            out.append(String.format("%02x", bytes[i] & 0xff));
        }
        return out.toString();
    }
}
