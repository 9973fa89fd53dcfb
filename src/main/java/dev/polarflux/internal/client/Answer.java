package dev.polarflux.internal.client;

/**
 * What the server answered to a {@link Call}, before anything is made of it: the transport reports
 * it, {@link ExceptionFactory} and the operation's decoder decide what it means.
 *
 * @param status the HTTP status
 * @param retryAfter the raw {@code Retry-After} header, or {@code null}
 * @param contentType the {@code Content-Type} header, or {@code null}
 * @param body the body: whole for a success (up to the client's size limit), at most 64 KiB of an
 *     error
 */
public record Answer(int status, String retryAfter, String contentType, byte[] body) {}
