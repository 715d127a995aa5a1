package redisstore

import (
	"encoding/binary"
	"errors"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/session"
)

// codecVersion leads every encoded session, so a later layout can tell
// the old one apart.
const codecVersion = 1

// errCorrupt: a stored session does not decode (another layout, or
// altered bytes). The store reports it without the bytes.
var errCorrupt = errors.New("stored session does not decode")

// encodeSession lays s out as length-prefixed fields: compact and quick
// to decode on every request. Times keep their instant to the nanosecond,
// their zone's offset and its name.
func encodeSession(s *session.Session) []byte {
	b := make([]byte, 0, 256+len(s.SignIn))
	b = append(b, codecVersion)
	for _, f := range []string{s.ID, s.User.Issuer, s.User.Subject, s.User.Email, s.User.Name} {
		b = appendString(b, f)
	}
	b = binary.AppendUvarint(b, uint64(len(s.User.Groups)))
	for _, g := range s.User.Groups {
		b = appendString(b, g)
	}
	for _, f := range []string{s.IdP, string(s.Mode), s.CSRF} {
		b = appendString(b, f)
	}
	for _, t := range []time.Time{s.Created, s.LastSeen, s.Expires} {
		b = appendTime(b, t)
	}
	return appendString(b, string(s.SignIn))
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendTime(b []byte, t time.Time) []byte {
	name, offset := t.Zone()
	b = binary.AppendVarint(b, t.Unix())
	b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
	b = binary.AppendVarint(b, int64(offset))
	return appendString(b, name)
}

// decodeSession reverses encodeSession; any mismatch is errCorrupt.
func decodeSession(b []byte) (*session.Session, error) {
	d := decoder{b: b}
	if v := d.byte(); v != codecVersion {
		return nil, errCorrupt
	}
	s := &session.Session{}
	for _, f := range []*string{&s.ID, &s.User.Issuer, &s.User.Subject, &s.User.Email, &s.User.Name} {
		*f = d.string()
	}
	if n := d.uvarint(); n > 0 && n <= uint64(len(d.b)) { // each group takes ≥ 1 byte
		s.User.Groups = make([]string, n)
		for i := range s.User.Groups {
			s.User.Groups[i] = d.string()
		}
	} else if n > 0 {
		d.fail()
	}
	var mode string
	for _, f := range []*string{&s.IdP, &mode, &s.CSRF} {
		*f = d.string()
	}
	s.Mode = identity.Mode(mode)
	for _, t := range []*time.Time{&s.Created, &s.LastSeen, &s.Expires} {
		*t = d.time()
	}
	if signIn := d.string(); signIn != "" {
		s.SignIn = []byte(signIn)
	}
	if d.bad || len(d.b) != 0 {
		return nil, errCorrupt
	}
	return s, nil
}

// decoder reads fields until the first error, after which it yields
// zero values and bad stays set.
type decoder struct {
	b   []byte
	bad bool
}

func (d *decoder) fail() { d.bad, d.b = true, nil }

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) string() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// maxOffset bounds a zone offset to what time.FixedZone keeps (±24h).
const maxOffset = 24 * 60 * 60

func (d *decoder) time() time.Time {
	sec, nsec, offset, name := d.varint(), d.uvarint(), d.varint(), d.string()
	if d.bad || nsec >= uint64(time.Second) || offset < -maxOffset || offset > maxOffset {
		d.fail()
		return time.Time{}
	}
	t := time.Unix(sec, int64(nsec))
	if name == "UTC" && offset == 0 {
		return t.UTC()
	}
	return t.In(time.FixedZone(name, int(offset)))
}
