package cli

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// selfSigned writes a certificate for 127.0.0.1 and its key as PEM files.
func selfSigned(t *testing.T) (cert, key string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "hserr test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(k)
	dir := t.TempDir()
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return cert, key
}

// TestServeTLSAndTokens: serve over HTTPS with tokens; the clients (the
// built binary, trusting the certificate through SSL_CERT_FILE) need the
// right kind of token.
func TestServeTLSAndTokens(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildHserr(t)
	cert, key := selfSigned(t)
	url := startServe(t, bin, "--tls-cert", cert, "--tls-key", key, "--token", "w-1,w-2", "--read-token", "r-1")
	client := func(args ...string) (string, error) {
		c := exec.Command(bin, args...)
		c.Env = append(os.Environ(), "SSL_CERT_FILE="+cert, "HSERR_SERVER="+url, "HSERR_TOKEN=")
		out, err := c.CombinedOutput()
		return string(out), err
	}
	if out, err := client("groups", "-o", "json", "--token", "r-1"); err != nil || strings.TrimSpace(out) != "[]" {
		t.Errorf("groups with the read token: %v %s", err, out)
	}
	if out, err := client("groups", "--token", "w-1"); err == nil || !strings.Contains(out, "401") {
		t.Errorf("groups with an ingest token: %v %s", err, out)
	}
	p := secretLog(t)
	if out, err := client("send", "--token", "w-2", p); err != nil || !strings.Contains(out, "sent (") {
		t.Errorf("send with an ingest token: %v %s", err, out)
	}
	if out, err := client("send", "--token", "r-1", p); err == nil {
		t.Errorf("send with a read token: %s", out)
	}
	c := exec.Command(bin, "groups", "--server", url, "--token", "r-1")
	c.Env = append(os.Environ(), "SSL_CERT_FILE=/nonexistent")
	if out, err := c.CombinedOutput(); err == nil {
		t.Errorf("an untrusted certificate was accepted: %s", out)
	}
}
