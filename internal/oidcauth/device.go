package oidcauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"
)

// Device flow timings (RFC 8628 §3.2, §3.5).
const (
	defaultDeviceInterval = 5 * time.Second
	slowDownStep          = 5 * time.Second
	maxDeviceInterval     = time.Minute
	defaultDeviceLifetime = 10 * time.Minute
	deviceGrantType       = "urn:ietf:params:oauth:grant-type:device_code"
)

// DeviceCode is a pending device authorization. DeviceCode is secret; show
// the person UserCode and VerificationURI (or VerificationURIComplete).
type DeviceCode struct {
	DeviceCode              string
	UserCode                string
	VerificationURI         string
	VerificationURIComplete string
	ExpiresAt               time.Time
	Interval                time.Duration
}

// LogValue keeps the device code out of logs.
func (dc *DeviceCode) LogValue() slog.Value {
	return slog.GroupValue(slog.String("user_code", dc.UserCode),
		slog.String("verification_uri", dc.VerificationURI), slog.Time("expires_at", dc.ExpiresAt))
}

type deviceAuthResponse struct {
	DeviceCode              string `json:"device_code"`
	UserCode                string `json:"user_code"`
	VerificationURI         string `json:"verification_uri"`
	VerificationURIComplete string `json:"verification_uri_complete"`
	ExpiresIn               int64  `json:"expires_in"`
	Interval                int64  `json:"interval"`
}

// DeviceAuth starts a device authorization grant (RFC 8628 §3.1).
func (rp *RelyingParty) DeviceAuth(ctx context.Context) (*DeviceCode, error) {
	if rp.md.DeviceAuthorizationEndpoint == "" {
		return nil, fmt.Errorf("device authorization: %w", ErrUnsupported)
	}
	form := url.Values{"scope": {strings.Join(rp.cfg.Scopes, " ")}}
	body, err := rp.postForm(ctx, rp.md.DeviceAuthorizationEndpoint, form)
	if err != nil {
		return nil, fmt.Errorf("device authorization: %w", err)
	}
	dc, err := rp.parseDeviceCode(body)
	if err != nil {
		return nil, fmt.Errorf("device authorization: %w", err)
	}
	return dc, nil
}

func (rp *RelyingParty) parseDeviceCode(body []byte) (*DeviceCode, error) {
	var r deviceAuthResponse
	if err := json.Unmarshal(body, &r); err != nil || r.DeviceCode == "" || r.UserCode == "" {
		return nil, errors.New("malformed response")
	}
	if err := checkEndpoint("verification_uri", r.VerificationURI, rp.cfg.AllowInsecureHTTP); err != nil {
		return nil, err
	}
	if r.VerificationURIComplete != "" && checkEndpoint("verification_uri_complete", r.VerificationURIComplete, rp.cfg.AllowInsecureHTTP) != nil {
		r.VerificationURIComplete = ""
	}
	life, interval := time.Duration(r.ExpiresIn)*time.Second, time.Duration(r.Interval)*time.Second
	if r.ExpiresIn <= 0 || r.ExpiresIn > 86400 {
		life = defaultDeviceLifetime
	}
	if r.Interval <= 0 {
		interval = defaultDeviceInterval
	}
	return &DeviceCode{DeviceCode: r.DeviceCode, UserCode: r.UserCode, VerificationURI: r.VerificationURI,
		VerificationURIComplete: r.VerificationURIComplete, ExpiresAt: rp.now().Add(life),
		Interval: min(interval, maxDeviceInterval)}, nil
}

// PollDevice polls the token endpoint until the person approves, denies or
// the code expires (RFC 8628 §3.4–3.5): it waits Interval between polls,
// adds 5 s on slow_down, and backs off when the IdP is unreachable. tick,
// when non-nil, is told the time left before each wait.
func (rp *RelyingParty) PollDevice(ctx context.Context, dc *DeviceCode, tick func(remaining time.Duration)) (*Tokens, error) {
	if dc == nil || dc.DeviceCode == "" {
		return nil, errors.New("poll device: no device code")
	}
	interval := max(dc.Interval, time.Second)
	for {
		remaining := dc.ExpiresAt.Sub(rp.now())
		if remaining <= 0 {
			return nil, fmt.Errorf("poll device: %w", ErrDeviceCodeExpired)
		}
		if tick != nil {
			tick(remaining)
		}
		if err := rp.cfg.Sleep(ctx, min(interval, remaining)); err != nil {
			return nil, fmt.Errorf("poll device: %w", err)
		}
		toks, next, err := rp.pollOnce(ctx, dc, interval)
		if toks != nil || err != nil {
			return toks, err
		}
		interval = next
	}
}

// pollOnce makes one token request; it returns tokens, or the next interval
// to keep polling, or a final error.
func (rp *RelyingParty) pollOnce(ctx context.Context, dc *DeviceCode, interval time.Duration) (*Tokens, time.Duration, error) {
	form := url.Values{"grant_type": {deviceGrantType}, "device_code": {dc.DeviceCode}}
	body, err := rp.postForm(ctx, rp.md.TokenEndpoint, form)
	if err == nil {
		toks, err := rp.deviceTokens(ctx, body)
		return toks, 0, err
	}
	next, err := devicePollDecision(err, interval)
	if err != nil {
		return nil, 0, fmt.Errorf("poll device: %w", err)
	}
	return nil, next, nil
}

// devicePollDecision maps an RFC 8628 §3.5 error to the next interval or a
// final error.
func devicePollDecision(err error, interval time.Duration) (time.Duration, error) {
	var oe *oauthError
	switch {
	case errors.Is(err, ErrIdPUnreachable):
		return min(interval*2, maxDeviceInterval), nil
	case !errors.As(err, &oe):
		return 0, err
	}
	switch oe.Code {
	case "authorization_pending":
		return interval, nil
	case "slow_down":
		return interval + slowDownStep, nil
	case "access_denied":
		return 0, ErrAccessDenied
	case "expired_token":
		return 0, ErrDeviceCodeExpired
	case "invalid_grant":
		return 0, fmt.Errorf("%w (%s)", ErrInvalidGrant, oe.Error())
	}
	return 0, fmt.Errorf("token endpoint refused the request (%s)", oe.Error())
}

// deviceTokens verifies the ID token of a device grant. No nonce exists in
// this flow; every other check applies.
func (rp *RelyingParty) deviceTokens(ctx context.Context, body []byte) (*Tokens, error) {
	tok, err := parseTokenResponse(body)
	if err != nil {
		return nil, fmt.Errorf("poll device: %w", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, fmt.Errorf("poll device: %w: %w", ErrInvalidIDToken, ErrNoIDToken)
	}
	claims, err := rp.verify(ctx, raw, verifyOptions{})
	if err != nil {
		return nil, fmt.Errorf("poll device: %w", err)
	}
	return rp.tokens(tok, raw, claims), nil
}

// String keeps the device code out of %v formatting.
func (dc *DeviceCode) String() string {
	return "oidcauth.DeviceCode{user_code=" + dc.UserCode + " uri=" + dc.VerificationURI + "}"
}
