package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
)

// maxSAMLMetadata bounds the metadata read from a file or URL.
const maxSAMLMetadata = 1 << 20

// samlMetadata reads the IdP's metadata from --saml-metadata-file or
// --saml-metadata-url; neither (destroy) is "".
func (a *app) samlMetadata(ctx context.Context, f provisionFlags) (string, error) {
	switch {
	case f.samlMetadataFile != "":
		fh, err := os.Open(f.samlMetadataFile)
		if err != nil {
			return "", fmt.Errorf("read SAML metadata: %w", err)
		}
		defer fh.Close()
		b, err := io.ReadAll(io.LimitReader(fh, maxSAMLMetadata))
		if err != nil {
			return "", fmt.Errorf("read SAML metadata %s: %w", f.samlMetadataFile, err)
		}
		return string(b), nil
	case f.samlMetadataURL != "":
		return a.fetchSAMLMetadata(ctx, f.samlMetadataURL)
	}
	return "", nil
}

func (a *app) fetchSAMLMetadata(ctx context.Context, url string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", fmt.Errorf("fetch SAML metadata: %w", err)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return "", fmt.Errorf("fetch SAML metadata: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("fetch SAML metadata from %s: HTTP %d", url, resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxSAMLMetadata))
	if err != nil {
		return "", fmt.Errorf("fetch SAML metadata from %s: %w", url, err)
	}
	return string(b), nil
}
