package qbusiness

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// pager issues opaque, tamper-evident nextTokens: the offset and the listing
// they belong to, authenticated with a per-service key. A token from another
// listing (another user's conversations, another app) does not verify.
type pager struct{ key []byte }

func (p pager) mac(scope string, offset int) string {
	h := hmac.New(sha256.New, p.key)
	h.Write([]byte(scope + "\x00" + strconv.Itoa(offset)))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18])
}

func (p pager) token(scope string, offset int) string {
	return strconv.Itoa(offset) + "." + p.mac(scope, offset)
}

// offset verifies token for scope; "" is offset 0.
func (p pager) offset(scope, token string) (int, *wire.Error) {
	if token == "" {
		return 0, nil
	}
	num, sig, ok := strings.Cut(token, ".")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 0 || !hmac.Equal([]byte(sig), []byte(p.mac(scope, n))) {
		return 0, invalidField("nextToken", "The provided nextToken is not valid.")
	}
	return n, nil
}

// page cuts items[offset:offset+size] and returns the next token ("" on the last page).
func page[T any](p pager, scope string, items []T, offset, size int) ([]T, string) {
	if offset > len(items) {
		offset = len(items)
	}
	end := min(offset+size, len(items))
	next := ""
	if end < len(items) {
		next = p.token(scope, end)
	}
	return items[offset:end], next
}

// listPage serves the paging of a List* operation: it verifies token for
// scope, cuts the page of all starting there and returns it, each item
// rendered by view, under member with the next token.
func listPage[T, V any](p pager, scope, token string, size int, all []T, member string, view func(T) V) (any, *wire.Error) {
	off, e := p.offset(scope, token)
	if e != nil {
		return nil, e
	}
	items, next := page(p, scope, all, off, size)
	out := make([]V, 0, len(items))
	for _, it := range items {
		out = append(out, view(it))
	}
	return listOut(member, out, next), nil
}
