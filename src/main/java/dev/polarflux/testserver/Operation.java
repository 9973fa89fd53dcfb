package dev.polarflux.testserver;

import java.util.Optional;

/**
 * The license-key operations {@link PolarTestServer} serves, each a method and a path of Polar's
 * API. Name one in {@link FaultPlan#on} to fault its requests, or read it from {@link
 * RecordedRequest#operation()} to count them.
 */
public enum Operation {
  /** {@code GET /v1/customer-portal/license-keys/}: a customer's keys, a page at a time. */
  CUSTOMER_PORTAL_LIST("GET", Family.PORTAL, Shape.COLLECTION),
  /** {@code GET /v1/customer-portal/license-keys/{id}}: one of a customer's keys. */
  CUSTOMER_PORTAL_GET("GET", Family.PORTAL, Shape.KEY),
  /** {@code POST /v1/customer-portal/license-keys/validate}, anonymous. */
  CUSTOMER_PORTAL_VALIDATE("POST", Family.PORTAL, Shape.VALIDATE),
  /** {@code POST /v1/customer-portal/license-keys/activate}, anonymous. */
  CUSTOMER_PORTAL_ACTIVATE("POST", Family.PORTAL, Shape.ACTIVATE),
  /** {@code POST /v1/customer-portal/license-keys/deactivate}, anonymous. */
  CUSTOMER_PORTAL_DEACTIVATE("POST", Family.PORTAL, Shape.DEACTIVATE),
  /** {@code GET /v1/license-keys/}: an organisation's keys, a page at a time. */
  LIST("GET", Family.ORGANIZATION, Shape.COLLECTION),
  /** {@code GET /v1/license-keys/{id}}: one key with its activations. */
  GET("GET", Family.ORGANIZATION, Shape.KEY),
  /** {@code PATCH /v1/license-keys/{id}}: changes a key. */
  UPDATE("PATCH", Family.ORGANIZATION, Shape.KEY),
  /** {@code GET /v1/license-keys/{id}/activations/{activation_id}}: one activation. */
  GET_ACTIVATION("GET", Family.ORGANIZATION, Shape.ACTIVATION),
  /** {@code POST /v1/license-keys/validate} with an organization token. */
  VALIDATE("POST", Family.ORGANIZATION, Shape.VALIDATE),
  /** {@code POST /v1/license-keys/activate} with an organization token. */
  ACTIVATE("POST", Family.ORGANIZATION, Shape.ACTIVATE),
  /** {@code POST /v1/license-keys/deactivate} with an organization token. */
  DEACTIVATE("POST", Family.ORGANIZATION, Shape.DEACTIVATE);

  static final String PORTAL_PREFIX = "/v1/customer-portal/license-keys/";
  static final String ORGANIZATION_PREFIX = "/v1/license-keys/";

  /** Which API a path belongs to. */
  enum Family {
    PORTAL,
    ORGANIZATION
  }

  /** The shape of a path below its family's prefix. */
  enum Shape {
    COLLECTION,
    KEY,
    ACTIVATION,
    VALIDATE,
    ACTIVATE,
    DEACTIVATE
  }

  private final String method;
  private final Family family;
  private final Shape shape;

  Operation(String method, Family family, Shape shape) {
    this.method = method;
    this.family = family;
    this.shape = shape;
  }

  /**
   * Returns the HTTP method.
   *
   * @return {@code GET}, {@code POST} or {@code PATCH}
   */
  public String method() {
    return method;
  }

  /**
   * Finds the operation a request asks for.
   *
   * @param method the HTTP method, upper case
   * @param path the raw path, without the query
   * @return the operation; empty when no operation has this method and path
   */
  public static Optional<Operation> of(String method, String path) {
    Target t = Target.of(path);
    if (t == null) {
      return Optional.empty();
    }
    for (Operation op : values()) {
      if (op.family == t.family() && op.shape == t.shape() && op.method.equals(method)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }

  /** Whether this is one of the three anonymous customer-portal key operations. */
  boolean isPortalKeyOperation() {
    return family == Family.PORTAL
        && (shape == Shape.VALIDATE || shape == Shape.ACTIVATE || shape == Shape.DEACTIVATE);
  }

  Family family() {
    return family;
  }

  Shape shape() {
    return shape;
  }

  /**
   * What a path names: its family, its shape and the raw ids in it.
   *
   * @param family the API
   * @param shape the shape
   * @param id the key id segment; {@code null} when the shape has none
   * @param activationId the activation id segment; {@code null} when the shape has none
   */
  record Target(Family family, Shape shape, String id, String activationId) {

    /** Reads a path; {@code null} when it is none of the operations' paths. */
    static Target of(String path) {
      Family family;
      String rest;
      if (path.startsWith(PORTAL_PREFIX)) {
        family = Family.PORTAL;
        rest = path.substring(PORTAL_PREFIX.length());
      } else if (path.startsWith(ORGANIZATION_PREFIX)) {
        family = Family.ORGANIZATION;
        rest = path.substring(ORGANIZATION_PREFIX.length());
      } else {
        return null;
      }
      switch (rest) {
        case "" -> {
          return new Target(family, Shape.COLLECTION, null, null);
        }
        case "validate" -> {
          return new Target(family, Shape.VALIDATE, null, null);
        }
        case "activate" -> {
          return new Target(family, Shape.ACTIVATE, null, null);
        }
        case "deactivate" -> {
          return new Target(family, Shape.DEACTIVATE, null, null);
        }
        default -> {
          String[] parts = rest.split("/", -1);
          if (parts.length == 1 && !parts[0].isEmpty()) {
            return new Target(family, Shape.KEY, parts[0], null);
          }
          if (family == Family.ORGANIZATION
              && parts.length == 3
              && !parts[0].isEmpty()
              && parts[1].equals("activations")
              && !parts[2].isEmpty()) {
            return new Target(family, Shape.ACTIVATION, parts[0], parts[2]);
          }
          return null;
        }
      }
    }

    /** The methods some operation answers on this path, for {@code Allow}. */
    String allowed() {
      StringBuilder methods = new StringBuilder();
      for (Operation op : values()) {
        if (op.family == family && op.shape == shape) {
          methods.append(methods.length() == 0 ? "" : ", ").append(op.method);
        }
      }
      return methods.toString();
    }
  }
}
