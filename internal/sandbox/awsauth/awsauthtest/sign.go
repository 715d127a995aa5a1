package awsauthtest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Canonical is a canonical request with every part already in canonical
// form: the test author writes them, the signer only assembles and signs.
type Canonical struct {
	Method string
	// URI is the canonical URI, already normalised and double-encoded.
	URI string
	// Query is the canonical query string ("" for none).
	Query string
	// Headers are the signed header lines (lower-case name, canonical
	// value) in the order SignedHeaders lists them.
	Headers [][2]string
	// Payload is the hex SHA-256 of the body (or a special payload value).
	Payload string
}

// Authorization is the Authorization header value of c signed with creds
// for region and service at at.
func (c Canonical) Authorization(creds aws.Credentials, region, service string, at time.Time) string {
	names := make([]string, len(c.Headers))
	var lines strings.Builder
	for i, h := range c.Headers {
		names[i] = h[0]
		lines.WriteString(h[0] + ":" + h[1] + "\n")
	}
	signed := strings.Join(names, ";")
	request := strings.Join([]string{c.Method, c.URI, c.Query, lines.String(), signed, c.Payload}, "\n")
	date := at.UTC().Format("20060102")
	scope := date + "/" + region + "/" + service + "/aws4_request"
	digest := sha256.Sum256([]byte(request))
	toSign := "AWS4-HMAC-SHA256\n" + at.UTC().Format("20060102T150405Z") + "\n" + scope + "\n" + hex.EncodeToString(digest[:])
	key := mac([]byte("AWS4"+creds.SecretAccessKey), date)
	for _, part := range []string{region, service, "aws4_request"} {
		key = mac(key, part)
	}
	return "AWS4-HMAC-SHA256 Credential=" + creds.AccessKeyID + "/" + scope + ", SignedHeaders=" + signed +
		", Signature=" + hex.EncodeToString(mac(key, toSign))
}

// PayloadHash is the hex SHA-256 of body.
func PayloadHash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

func mac(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}
