package awsauth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

const algorithm = "AWS4-HMAC-SHA256"

// scope is a credential scope: date/region/service/aws4_request.
func (h authHeader) scope() string {
	return h.date + "/" + h.region + "/" + h.service + "/" + h.terminator
}

// stringToSign is SigV4's string to sign for a canonical request.
func stringToSign(amzDate, scope, canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return algorithm + "\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(sum[:])
}

// signature is the SigV4 signature of stringToSign with the key derived from
// secret for h's scope.
func signature(secret string, h authHeader, stringToSign string) []byte {
	k := hmacSHA256([]byte("AWS4"+secret), h.date)
	for _, part := range []string{h.region, h.service, h.terminator, stringToSign} {
		k = hmacSHA256(k, part)
	}
	return k
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}
