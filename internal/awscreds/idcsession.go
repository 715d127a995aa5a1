package awscreds

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
)

// session returns a usable Identity Center session: the cached one, else
// one renewed with the refresh token, else one from exchanging raw.
func (p *IdentityCenterProvider) session(ctx context.Context, raw string, id identity.Identity) (idcSession, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.sess.usable(p.opts.Now(), p.opts.ExpiryWindow) {
		return p.sess, nil
	}
	if !p.sess.refresh.IsZero() {
		s, ok, err := p.renew(ctx, id)
		if ok || err != nil {
			return s, err
		}
	}
	return p.exchange(ctx, raw, id)
}

// renew uses the refresh token; it reports false when that yields no
// usable identity context, keeping any rotated refresh token. Only a
// token for another user is an error: that is never retried another way.
func (p *IdentityCenterProvider) renew(ctx context.Context, id identity.Identity) (idcSession, bool, error) {
	out, err := p.createToken(ctx, &ssooidc.CreateTokenWithIAMInput{
		GrantType: aws.String(GrantRefreshToken), RefreshToken: aws.String(p.sess.refresh.Reveal()),
	})
	p.sess.refresh = ""
	if err != nil {
		p.opts.Logger.DebugContext(ctx, "identity center refresh failed", "application", p.cfg.ApplicationARN, "err", err)
		return idcSession{}, false, nil
	}
	p.sess.refresh = logging.Secret(aws.ToString(out.RefreshToken))
	if aws.ToString(out.IdToken) == "" {
		return idcSession{}, false, nil
	}
	s, err := p.accept(ctx, out, id)
	if errors.Is(err, ErrUserMismatch) {
		return idcSession{}, false, err
	}
	if err != nil {
		p.opts.Logger.InfoContext(ctx, "identity center refresh refused", "application", p.cfg.ApplicationARN, "err", err)
		return idcSession{}, false, nil
	}
	return s, true, nil
}

// exchange sends the IdP token with the jwt-bearer grant. Identity Center
// accepts a token once, so a token already exchanged means a fresh
// sign-in (or IdP refresh) is needed.
func (p *IdentityCenterProvider) exchange(ctx context.Context, raw string, id identity.Identity) (idcSession, error) {
	if raw == p.exchanged {
		return idcSession{}, fmt.Errorf("identity center %s: identity context expired and the ID token was already exchanged: %w",
			p.cfg.ApplicationARN, identity.ErrReauthRequired)
	}
	out, err := p.createToken(ctx, &ssooidc.CreateTokenWithIAMInput{
		GrantType: aws.String(GrantJWTBearer), Assertion: aws.String(raw),
	})
	if err != nil {
		return idcSession{}, err
	}
	p.exchanged = raw
	return p.accept(ctx, out, id)
}

func (p *IdentityCenterProvider) createToken(ctx context.Context, in *ssooidc.CreateTokenWithIAMInput) (*ssooidc.CreateTokenWithIAMOutput, error) {
	in.ClientId = aws.String(p.cfg.ApplicationARN)
	in.Scope = p.cfg.Scopes
	out, err := p.idc.CreateTokenWithIAM(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("identity center %s: create token (%s): %w", p.cfg.ApplicationARN, aws.ToString(in.GrantType),
			hide(Classify(err), aws.ToString(in.Assertion), aws.ToString(in.RefreshToken)))
	}
	return out, nil
}

// accept verifies a CreateTokenWithIAM answer and that its user is ours,
// then makes it the current session.
func (p *IdentityCenterProvider) accept(ctx context.Context, out *ssooidc.CreateTokenWithIAMOutput, id identity.Identity) (idcSession, error) {
	s, err := p.verifyIDCToken(ctx, out)
	if err == nil {
		err = p.checkUser(ctx, s.userID, id)
	}
	if err != nil {
		return idcSession{}, fmt.Errorf("identity center %s: %w", p.cfg.ApplicationARN, err)
	}
	p.sess = s
	return s, nil
}

// checkUser enforces that the Identity Center user is the signed-in user:
// the configured matcher, and the user pinned at the first exchange.
func (p *IdentityCenterProvider) checkUser(ctx context.Context, idcUser string, id identity.Identity) error {
	if p.idcUser != "" && p.idcUser != idcUser {
		return fmt.Errorf("%w: identity center user changed", ErrUserMismatch)
	}
	if p.cfg.MatchUser != nil {
		if err := p.cfg.MatchUser(ctx, idcUser, id); err != nil {
			if errors.Is(err, ErrUserMismatch) {
				return err
			}
			return fmt.Errorf("%w: %w", ErrUserMismatch, err)
		}
	}
	p.idcUser = idcUser
	return nil
}
