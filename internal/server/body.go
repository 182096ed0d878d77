package server

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
)

// Limits bound what one request may cost the server.
type Limits struct {
	MaxRequest int64 // bytes on the wire
	MaxBody    int64 // bytes of a report once decompressed
}

// DefaultLimits: an hs_err log is rarely over 1 MiB; the hook spools at most
// 64 MiB, and gzip shrinks a log about tenfold.
var DefaultLimits = Limits{MaxRequest: 16 << 20, MaxBody: 64 << 20}

// errTooLarge is a body over a limit (sent as 413).
var errTooLarge = errors.New("report too large")

var shaPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// validSHA accepts a lower-case hex sha256.
func validSHA(s string) bool { return shaPattern.MatchString(s) }

// readReport reads a request's body, gunzipping it when it says so, within
// the limits: the wire bytes through MaxBytesReader, the decompressed ones
// through a LimitReader one byte past the cap, so a gzip bomb stops at the
// cap instead of filling memory.
func readReport(w http.ResponseWriter, r *http.Request, lim Limits) ([]byte, error) {
	var src io.Reader = http.MaxBytesReader(w, r.Body, lim.MaxRequest)
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip":
		zr, err := gzip.NewReader(src)
		if err != nil {
			return nil, tooLargeOr(err)
		}
		defer zr.Close()
		src = zr
	default:
		return nil, errors.New("unsupported Content-Encoding (want gzip or none)")
	}
	b, err := io.ReadAll(io.LimitReader(src, lim.MaxBody+1))
	if err != nil {
		return nil, tooLargeOr(err)
	}
	if int64(len(b)) > lim.MaxBody {
		return nil, errTooLarge
	}
	return b, nil
}

// tooLargeOr maps MaxBytesReader's error to errTooLarge.
func tooLargeOr(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errTooLarge
	}
	return err
}

// hashOf is the hex sha256 of b.
func hashOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
