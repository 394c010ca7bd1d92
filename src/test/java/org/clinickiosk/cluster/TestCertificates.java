package org.clinickiosk.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away clinic CA and node certificates made with the JDK's keytool, the same commands docs/deployment.md gives
 * a clinic: PKCS#12 key stores for the event bus's TLS.
 */
final class TestCertificates {
    static final String PASSWORD = "test-store-password";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes the CA (ca.p12) and the trust store every node uses (trust.p12). */
    static TestCertificates clinicCa(Path dir) throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        certs.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=Test Clinic CA", "-ext", "bc:c", "-validity", "2", "-keystore", certs.ca(),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        certs.keytool("-exportcert", "-alias", "ca", "-rfc", "-file", certs.path("ca.pem"), "-keystore", certs.ca(),
                "-storepass", PASSWORD);
        certs.keytool("-importcert", "-noprompt", "-alias", "clinic-ca", "-file", certs.path("ca.pem"),
                "-keystore", certs.trustStore().toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        return certs;
    }

    Path trustStore() {
        return dir.resolve("trust.p12");
    }

    /** A node's key store: its key and a certificate signed by the clinic CA for 127.0.0.1. */
    Path node(String name) throws Exception {
        String store = path(name + ".p12");
        keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-keystore", store, "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-certreq", "-alias", "node", "-file", path(name + ".csr"), "-keystore", store, "-storepass", PASSWORD);
        keytool("-gencert", "-alias", "ca", "-infile", path(name + ".csr"), "-outfile", path(name + ".pem"), "-rfc",
                "-ext", "san=ip:127.0.0.1", "-ext", "eku=serverAuth,clientAuth", "-validity", "2",
                "-keystore", ca(), "-storepass", PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", path("ca.pem"), "-keystore", store,
                "-storepass", PASSWORD);
        keytool("-importcert", "-alias", "node", "-file", path(name + ".pem"), "-keystore", store, "-storepass", PASSWORD);
        return Path.of(store);
    }

    /** A key store with a self-signed certificate: what a node outside the clinic has. */
    Path selfSigned(String name) throws Exception {
        String store = path(name + ".p12");
        keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-keystore", store, "-storetype", "PKCS12", "-storepass", PASSWORD);
        return Path.of(store);
    }

    private String ca() {
        return path("ca.p12");
    }

    private String path(String file) {
        return dir.resolve(file).toString();
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
