package wire

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadBody(t *testing.T) {
	cases := []struct {
		name  string
		body  string
		limit int64
		err   error
	}{
		{"empty", "", 10, nil},
		{"under", "abc", 10, nil},
		{"at limit", strings.Repeat("a", 10), 10, nil},
		{"one over", strings.Repeat("a", 11), 10, ErrTooLarge},
		{"far over", strings.Repeat("a", 1000), 10, ErrTooLarge},
		{"zero limit", "a", 0, ErrTooLarge},
	}
	for _, tc := range cases {
		got, err := ReadBody(strings.NewReader(tc.body), tc.limit)
		if !errors.Is(err, tc.err) || (err == nil && string(got) != tc.body) || (err != nil && got != nil) {
			t.Errorf("%s: got %q, %v; want %v", tc.name, got, err, tc.err)
		}
	}
	boom := errors.New("boom")
	if _, err := ReadBody(iotest.ErrReader(boom), 10); !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "read body: ") {
		t.Fatalf("reader error: %v", err)
	}
	if _, err := ReadBody(io.MultiReader(strings.NewReader(strings.Repeat("x", MaxBody)), strings.NewReader("y")), MaxBody); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("MaxBody+1: %v", err)
	}
}

func TestRequestID(t *testing.T) {
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	a, b := NewRequestID(), NewRequestID()
	if !uuid.MatchString(a) || a == b {
		t.Fatalf("ids %q %q", a, b)
	}
	ctx := WithRequestID(context.Background(), "fixed")
	if RequestID(ctx) != "fixed" || RequestID(ctx) != "fixed" {
		t.Fatal("stored id not returned")
	}
	if id := RequestID(context.Background()); !uuid.MatchString(id) {
		t.Fatalf("fresh id %q", id)
	}
	r := httptest.NewRequest("GET", "/", nil)
	r1 := WithRequestIDReq(r)
	if !uuid.MatchString(RequestID(r1.Context())) || RequestID(r1.Context()) != RequestID(r1.Context()) {
		t.Fatal("request did not get a stable id")
	}
	if r2 := WithRequestIDReq(r1); r2 != r1 {
		t.Fatal("a request with an id was replaced")
	}
}

func TestErrorValues(t *testing.T) {
	base := Errorf(400, "ValidationException", "bad %s", "input")
	if base.Error() != "ValidationException (400): bad input" {
		t.Fatalf("Error() = %q", base.Error())
	}
	a := base.With("reason", "x")
	b := a.With("fields", []string{"f"})
	if base.Extra != nil || len(a.Extra) != 1 || len(b.Extra) != 2 || a.Extra["reason"] != "x" {
		t.Fatalf("With shares state: base %v a %v b %v", base.Extra, a.Extra, b.Extra)
	}
	if AsError(b, "InternalServerException") != b {
		t.Fatal("AsError did not return the *Error")
	}
	wrapped := AsError(errors.Join(errors.New("ctx"), b), "X")
	if wrapped != b {
		t.Fatal("AsError did not unwrap")
	}
	plain := AsError(errors.New("disk full"), "ServiceFailure")
	if plain.Status != 500 || plain.Code != "ServiceFailure" || plain.Message != "internal error: disk full" {
		t.Fatalf("plain error %+v", plain)
	}
}
