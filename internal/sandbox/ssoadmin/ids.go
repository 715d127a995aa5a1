package ssoadmin

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

func randomHex(n int) string {
	b := make([]byte, (n+1)/2)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)[:n]
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func newInstance(account string) Instance {
	return Instance{
		ARN:             "arn:aws:sso:::instance/ssoins-" + randomHex(16),
		IdentityStoreID: "d-" + randomHex(10),
		OwnerAccountID:  account,
	}
}

func (s *Store) newApplicationARN() string {
	return "arn:aws:sso::" + s.account + ":application/" + s.instance.ID() + "/apl-" + randomHex(16)
}

func (s *Store) newTTIARN() string {
	return "arn:aws:sso::" + s.account + ":trustedTokenIssuer/" + s.instance.ID() + "/tti-" + newUUID()
}
