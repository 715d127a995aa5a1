package cli

import (
	"fmt"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/signin"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// signInEndWarning is how long before a sign-in stops renewing (see
// signin.SessionEnd) the commands using it say so.
const signInEndWarning = 15 * time.Minute

// warnSignInDue says on stderr, in one line and in the last
// signInEndWarning of the sign-in, when it ends and how to continue.
// Stdout stays the command's. With a.throttleWarnings (qbiz credentials,
// which SDKs and the AWS CLI run over and over) it says so at most once a
// warnInterval per profile.
func (a *app) warnSignInDue(p config.Profile, e tokencache.Entry) {
	if a.env.Stderr == nil {
		return
	}
	line := signInEndingLine(p.Name, signin.SessionEnd(p, e), e.AWS.Expiration, a.now())
	if line == "" || (a.throttleWarnings && a.warnedRecently(p.Name)) {
		return
	}
	fmt.Fprintln(a.env.Stderr, line)
}

// signInEndingLine is the warning for a sign-in ending at end (zero:
// unknown) whose AWS credentials expire at credsEnd, or "" when it is
// not yet due.
func signInEndingLine(profile string, end, credsEnd, now time.Time) string {
	if end.IsZero() || now.Before(end.Add(-signInEndWarning)) {
		return ""
	}
	login := "run: qbiz login --profile " + profile
	if now.Before(end) {
		return fmt.Sprintf("qbiz: your sign-in for profile %s ends in %s (%s); %s", profile, inWords(end.Sub(now)), clock(end), login)
	}
	return fmt.Sprintf("qbiz: your sign-in for profile %s ended at %s; its AWS credentials last until %s; %s",
		profile, clock(end), clock(credsEnd), login)
}

// clock is t's local time of day.
func clock(t time.Time) string { return t.Local().Format("15:04") }

// inWords is d in whole minutes (seconds under a minute), rounded down.
func inWords(d time.Duration) string {
	switch m := int(d / time.Minute); {
	case m > 1:
		return fmt.Sprintf("%d minutes", m)
	case m == 1:
		return "1 minute"
	default:
		return fmt.Sprintf("%d seconds", int(d/time.Second))
	}
}
