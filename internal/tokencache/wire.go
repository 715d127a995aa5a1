package tokencache

// MarshalEntry returns e in the store's versioned wire form, secrets in
// the clear: seal the result before keeping it anywhere (a gateway's
// session store does).
func MarshalEntry(e Entry) ([]byte, error) { return encodeEntry(e) }

// UnmarshalEntry reads what MarshalEntry returned; its error never
// echoes the input.
func UnmarshalEntry(b []byte) (Entry, error) { return decodeEntry(b) }
