package tokencache

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/99designs/keyring"
	jose "github.com/dvsekhvalnov/jose2go"
	"github.com/dvsekhvalnov/jose2go/compact"
)

// The file backend's item format is 99designs/keyring's: the JSON of a
// keyring.Item, encrypted as a compact JWE with a key derived from the
// passphrase (PBES2-HS256+A128KW) and AES-256-GCM content encryption.
// Stores written by either implementation read the same.
const (
	jweAlg = jose.PBES2_HS256_A128KW
	jweEnc = jose.A256GCM
	// maxPBKDF2Iterations bounds the work a stored header may ask for;
	// writers use jose2go's 8192.
	maxPBKDF2Iterations = 1 << 20
	wrappedKeyLen       = 40 // a 256-bit key wrapped with AES key wrap
	gcmIVLen            = 12
	gcmTagLen           = 16
)

// errUndecryptable means a well-formed item did not open with the
// passphrase: the passphrase is wrong, or the item was damaged.
var errUndecryptable = errors.New("the item does not open with the passphrase")

func seal(password string, it keyring.Item) ([]byte, error) {
	plain, err := json.Marshal(it)
	if err != nil {
		return nil, err
	}
	token, err := jose.EncryptBytes(plain, jweAlg, jweEnc, password)
	if err != nil {
		return nil, fmt.Errorf("encrypt item: %w", err)
	}
	return []byte(token), nil
}

// unseal decrypts a stored item. Anything not of the format matches
// ErrCorrupt; errors never echo the input.
func unseal(password string, token []byte) (keyring.Item, error) {
	if err := checkJWE(token); err != nil {
		return keyring.Item{}, err
	}
	plain, _, err := jose.DecodeBytes(string(token), password)
	if err != nil {
		return keyring.Item{}, errUndecryptable
	}
	var it keyring.Item
	if err := json.Unmarshal(plain, &it); err != nil {
		return keyring.Item{}, fmt.Errorf("%w: undecodable item", ErrCorrupt)
	}
	return it, nil
}

// jweHeader is the protected header of a stored item.
type jweHeader struct {
	Alg string  `json:"alg"`
	Enc string  `json:"enc"`
	P2C float64 `json:"p2c"`
	P2S string  `json:"p2s"`
	Zip string  `json:"zip"`
}

// checkJWE accepts only the shape the format writes, before any key is
// derived: five parts, the expected algorithms and a bounded iteration
// count, so a truncated or garbled file is told apart from a wrong
// passphrase and a crafted header costs no unbounded work.
func checkJWE(token []byte) error {
	parts, err := compact.Parse(string(token))
	if err != nil || len(parts) != 5 {
		return fmt.Errorf("%w: not an encrypted item", ErrCorrupt)
	}
	var h jweHeader
	if err := json.Unmarshal(parts[0], &h); err != nil {
		return fmt.Errorf("%w: unreadable item header", ErrCorrupt)
	}
	if h.Alg != jweAlg || h.Enc != jweEnc || h.Zip != "" || h.P2S == "" || h.P2C < 1 || h.P2C > maxPBKDF2Iterations {
		return fmt.Errorf("%w: unexpected item header", ErrCorrupt)
	}
	if len(parts[1]) != wrappedKeyLen || len(parts[2]) != gcmIVLen || len(parts[4]) != gcmTagLen {
		return fmt.Errorf("%w: truncated item", ErrCorrupt)
	}
	return nil
}
