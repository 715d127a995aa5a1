package signin

import (
	"fmt"
	"slices"
	"strings"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// settings are the profile settings a sign-in is bound to, by their key
// in ~/.aws/config: those that decide whose credentials it makes. The
// region, the endpoint, the Q Business application and the session length
// are left out: changing them leaves the credentials the same person's at
// the same identity provider and role, valid at any endpoint of the
// account.
func settings(p config.Profile) map[string]string {
	m := map[string]string{
		"qbiz_mode":   string(p.Mode),
		"qbiz_issuer": p.Issuer, "qbiz_client_id": p.ClientID,
		"qbiz_role_arn": p.RoleARN, "qbiz_provider_arn": p.ProviderARN,
		"qbiz_saml_sso_url": p.SAMLSSOURL, "qbiz_saml_entity_id": p.SAMLEntityID,
		"qbiz_idc_application_arn": p.IDCApplicationARN, "qbiz_idc_role_arn": p.IDCRoleARN,
	}
	for k, v := range m {
		if v == "" {
			delete(m, k)
		}
	}
	return m
}

// changedSettings names, sorted, the settings of now that differ from
// was. A sign-in stored without settings (by an earlier qbiz) is taken as
// made with the profile's.
func changedSettings(was, now map[string]string) []string {
	if len(was) == 0 {
		return nil
	}
	var changed []string
	for _, k := range sortedKeys(was, now) {
		if was[k] != now[k] {
			changed = append(changed, k)
		}
	}
	return changed
}

func sortedKeys(maps ...map[string]string) []string {
	var keys []string
	for _, m := range maps {
		for k := range m {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// checkSettings refuses a cached sign-in made with other settings than
// the profile has now (the profile was edited, or another configuration
// with the same profile name shares the keyring): its credentials would
// be another role's or issuer's.
func (s *Session) checkSettings(e tokencache.Entry) error {
	changed := changedSettings(e.Settings, settings(s.p))
	if len(changed) == 0 {
		return nil
	}
	return fmt.Errorf("profile %s: the cached sign-in was made with other settings (%s changed since): %w",
		s.p.Name, strings.Join(changed, ", "), identity.ErrReauthRequired)
}

// put stores e as the profile's sign-in, bound to the profile's settings.
func (s *Session) put(e tokencache.Entry) error {
	e.Settings = settings(s.p)
	return s.store.Put(s.p.Name, e)
}
