// Build-time settings the app reads (Vite exposes VITE_* variables to the page).
interface ImportMetaEnv {
  /** The reCAPTCHA Enterprise site key App Check attests the app with (docs/deploying.md). */
  readonly VITE_RECAPTCHA_ENTERPRISE_SITE_KEY?: string;
}
