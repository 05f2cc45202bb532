package com.arpgstudio.inference.edit;

/**
 * Which weights an edit ran with, so a record replays only on the same models.
 *
 * @param name   a human-readable name (file name or registry id)
 * @param sha256 hex SHA-256 of the weights file
 */
public record ModelIdentity(String name, String sha256) {}
