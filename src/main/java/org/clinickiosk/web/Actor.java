package org.clinickiosk.web;

/**
 * Who is asking: a logged-in staff member, a paired kiosk, or the public. Used for permission checks, idempotency
 * scopes and the audit log (which names the account, never a resident).
 */
public record Actor(Long staffId, String username, String role, String kioskId, String address) {

    public static Actor staff(long id, String username, String role, String address) {
        return new Actor(id, username, role, null, address);
    }

    public static Actor kiosk(String kioskId, String address) {
        return new Actor(null, null, null, kioskId, address);
    }

    public static Actor anonymous(String address) {
        return new Actor(null, null, null, null, address);
    }

    /**
     * The server itself issuing an emergency ticket for a crisis blood-pressure reading measured at a kiosk: not a
     * resident's declaration, so it may take the emergency lane; its idempotency keys stay scoped to that kiosk.
     */
    public static Actor bpCrisis(String kioskId) {
        return new Actor(null, "bp-crisis", null, kioskId, null);
    }

    public boolean mayIssueEmergency() {
        return isStaff() || "bp-crisis".equals(username);
    }

    public static Actor system() {
        return new Actor(null, "system", null, null, null);
    }

    public boolean isStaff() { return staffId != null; }
    public boolean isAdmin() { return "admin".equals(role); }
    public boolean isKiosk() { return kioskId != null; }

    /** The name written to the audit log. */
    public String auditName() {
        if (staffId != null) return "staff:" + username;
        if (kioskId != null) return "kiosk:" + kioskId;
        return username != null ? username : "anonymous";
    }

    /** Idempotency keys are unique per client, so two kiosks may use the same key. */
    public String idempotencyScope() {
        if (staffId != null) return "staff:" + staffId;
        if (kioskId != null) return "kiosk:" + kioskId;
        return "public";
    }
}
