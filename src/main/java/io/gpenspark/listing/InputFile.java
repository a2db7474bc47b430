package io.gpenspark.listing;

import java.io.Serializable;

/** One listed input: fully qualified path, size in bytes, modification time (epoch ms). */
public record InputFile(String path, long size, long modified) implements Serializable {}
