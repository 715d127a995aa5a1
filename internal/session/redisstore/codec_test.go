package redisstore

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/session"
)

func fullSession() *session.Session {
	at := time.Date(2026, 5, 6, 7, 8, 9, 123456789, time.FixedZone("CEST", 2*3600))
	return &session.Session{
		ID:       "id",
		User:     identity.Identity{Issuer: "https://idp", Subject: "mary", Email: "m@example.com", Name: "Mary", Groups: []string{"a", ""}},
		IdP:      "corp",
		Mode:     identity.ModeIDC,
		CSRF:     "csrf",
		Created:  at,
		LastSeen: at.UTC(),
		Expires:  at.In(time.FixedZone("", -3*3600-1800)),
		SignIn:   []byte{0, 1, 2, 0xff},
	}
}

func TestCodecRoundTrip(t *testing.T) {
	for name, s := range map[string]*session.Session{
		"full":  fullSession(),
		"empty": {},
	} {
		got, err := decodeSession(encodeSession(s))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(encodeSession(got), encodeSession(s)) {
			t.Fatalf("%s: decoded %+v, encoded %+v", name, got, s)
		}
		for _, tt := range [][2]time.Time{{s.Created, got.Created}, {s.LastSeen, got.LastSeen}, {s.Expires, got.Expires}} {
			wn, wo := tt[0].Zone()
			gn, gotOffset := tt[1].Zone()
			if !tt[0].Equal(tt[1]) || wn != gn || wo != gotOffset {
				t.Fatalf("%s: time %v decoded as %v", name, tt[0], tt[1])
			}
		}
	}
}

func TestCodecRefusesCorruptValues(t *testing.T) {
	good := encodeSession(fullSession())
	for name, b := range map[string][]byte{
		"empty":          nil,
		"other version":  append([]byte{codecVersion + 1}, good[1:]...),
		"truncated":      good[:len(good)-1],
		"trailing bytes": append(bytes.Clone(good), 0),
		"huge length":    {codecVersion, 0xff, 0xff, 0xff, 0xff, 0x0f},
		"huge groups":    append(append([]byte{codecVersion}, bytes.Repeat([]byte{0}, 5)...), 0xff, 0xff, 0x03),
	} {
		if _, err := decodeSession(b); !errors.Is(err, errCorrupt) {
			t.Errorf("%s: decode = %v, want errCorrupt", name, err)
		}
	}
}

// FuzzDecodeSession: no input panics the decoder, and what decodes
// encodes back to the same bytes.
func FuzzDecodeSession(f *testing.F) {
	f.Add(encodeSession(fullSession()))
	f.Add(encodeSession(&session.Session{}))
	f.Add([]byte{codecVersion})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := decodeSession(b)
		if err != nil {
			return
		}
		again, err := decodeSession(encodeSession(s))
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if !bytes.Equal(encodeSession(again), encodeSession(s)) {
			t.Fatal("encoding is not stable")
		}
	})
}
