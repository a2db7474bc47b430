package io.gpenspark.imageio;

/**
 * What made an output, recorded in its XMP (namespace {@link ProvenanceXmp#NS}, prefix {@code
 * gpen}). No timestamp on purpose: a retried task must write the same bytes. A null or blank field
 * is left out (e.g. no model id when restoration is off).
 */
public record Provenance(
    String software, String version, String modelId, String configHash, String runId)
    implements java.io.Serializable {}
