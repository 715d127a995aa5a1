package awscreds

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/logging"
)

// resumed is a provider continuing an Identity Center session another
// process started.
func (f *idcFixture) resumed(s IdentityCenterSession) *IdentityCenterProvider {
	p := NewIdentityCenterProvider(f.idc, f.sts, f.cfg, f.tokens, func(o *Options) { o.Now = f.clock.Now })
	p.Resume(s)
	return p
}

// TestIdentityCenterResumeRenewsWithRefreshToken: a resumed session is
// renewed with its refresh token, not by exchanging the IdP token again,
// and the rotated token is what Session hands back to keep.
func TestIdentityCenterResumeRenewsWithRefreshToken(t *testing.T) {
	f := newIDCFixture()
	f.idc.refreshIDUser = "idc-alice"
	p := f.resumed(IdentityCenterSession{UserID: "idc-alice", RefreshToken: "rt-kept"})
	if _, err := p.Retrieve(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := f.idc.grants(); fmt.Sprint(got) != fmt.Sprint([]string{GrantRefreshToken}) {
		t.Fatalf("grants = %v, want one refresh_token grant", got)
	}
	if got := aws.ToString(f.idc.calls[0].RefreshToken); got != "rt-kept" {
		t.Errorf("refresh token sent = %q, want the resumed one", got)
	}
	if got := p.Session(); got.UserID != "idc-alice" || got.RefreshToken.Reveal() != "rt-idc-alice" {
		t.Errorf("Session() = %+v, want the rotated refresh token of idc-alice", got)
	}
	if len(f.sts.assume) != 1 {
		t.Errorf("AssumeRole calls = %d, want 1", len(f.sts.assume))
	}
}

// TestIdentityCenterResumePinsUser (STS-04 d): a resumed session's refresh
// token that now yields another Identity Center user is refused, with no
// fallback to exchanging the IdP token and no AssumeRole.
func TestIdentityCenterResumePinsUser(t *testing.T) {
	f := newIDCFixture()
	f.idc.refreshIDUser = "idc-bob"
	p := f.resumed(IdentityCenterSession{UserID: "idc-alice", RefreshToken: "rt-kept"})
	_, err := p.Retrieve(context.Background())
	if !errors.Is(err, ErrUserMismatch) {
		t.Fatalf("err = %v, want ErrUserMismatch", err)
	}
	if got := f.idc.grants(); len(got) != 1 || len(f.sts.assume) != 0 {
		t.Errorf("grants %v and %d AssumeRole calls after a mismatch, want one refresh and none", got, len(f.sts.assume))
	}
}

// TestIdentityCenterSessionKeptWhenAssumeRoleFails: the refresh token is
// spent once Identity Center rotates it, so the rotated one must be kept
// even when the following AssumeRole fails.
func TestIdentityCenterSessionKeptWhenAssumeRoleFails(t *testing.T) {
	f := newIDCFixture()
	f.idc.refreshIDUser = "idc-alice"
	f.sts.err = errors.New("sts unavailable")
	p := f.resumed(IdentityCenterSession{UserID: "idc-alice", RefreshToken: "rt-kept"})
	if _, err := p.Retrieve(context.Background()); err == nil {
		t.Fatal("Retrieve succeeded with STS failing")
	}
	if got := p.Session().RefreshToken; got.Reveal() != "rt-idc-alice" {
		t.Errorf("Session().RefreshToken = %q, want the rotated token", got.Reveal())
	}
}

// TestIdentityCenterSessionOfFreshExchange: a first exchange yields the
// Identity Center user and refresh token to keep, and when its token ends.
func TestIdentityCenterSessionOfFreshExchange(t *testing.T) {
	f := newIDCFixture()
	p := NewIdentityCenterProvider(f.idc, f.sts, f.cfg, f.tokens, func(o *Options) { o.Now = f.clock.Now })
	if got := p.Session(); got != (IdentityCenterSession{}) {
		t.Errorf("Session() before any exchange = %+v, want zero", got)
	}
	if _, err := p.Retrieve(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := IdentityCenterSession{UserID: "idc-alice", RefreshToken: logging.Secret("rt-idc-alice")}
	got := p.Session()
	if got.Expires.IsZero() || !got.Expires.After(f.clock.Now()) {
		t.Errorf("Session().Expires = %v, want the Identity Center token's end", got.Expires)
	}
	if got.Expires = (time.Time{}); got != want {
		t.Errorf("Session() = %+v, want %+v", got, want)
	}
}
