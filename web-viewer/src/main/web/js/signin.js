// The one sign-in card of every GridScape app (viewer, editor, report page): the same look
// (css/signin.css), the same session (POST /api/v1/auth/login sets the HttpOnly cookie that every
// app sends) and the same language switch (the choice is kept under 'gridscape.lang').
import { el, fill } from './dom.js';
import { t, language, setLanguage, describeError } from './i18n.js';

/**
 * Renders the sign-in card into host (replacing its content). login(username, password) resolves
 * to the session ({token, user}); onSignedIn(session) is called after a successful sign-in;
 * onLanguage(lang) lets the app follow a language switch made on the card.
 */
export function renderSignIn(host, { login, onSignedIn, onLanguage, message, subtitle } = {}) {
  const error = el('p', { class: 'signin-error', role: 'alert' }, message ?? '');
  const username = el('input', { name: 'username', autocomplete: 'username', required: true, autofocus: true });
  const password = el('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = el('button', { type: 'submit', class: 'primary' }, t('signin.submit'));
  const form = el('form', {
    class: 'signin-card', onsubmit: async (e) => {
      e.preventDefault();
      submit.disabled = true;
      submit.textContent = t('signin.busy');
      error.textContent = '';
      try {
        const session = await login(username.value.trim(), password.value);
        await onSignedIn(session);
      } catch (err) {
        error.textContent = err.status === 401 || err.status === 400 ? t('signin.failed') : t('signin.error', describeError(err));
        submit.disabled = false;
        submit.textContent = t('signin.submit');
      }
    },
  },
  el('div', { class: 'signin-brand' }, el('div', { class: 'logo' }, '◆'),
    el('div', {}, el('h1', {}, t('app.name')), el('p', {}, subtitle ?? t('signin.subtitle')))),
  el('label', {}, t('signin.username'), username),
  el('label', {}, t('signin.password'), password),
  error, submit,
  el('button', { type: 'button', class: 'link', id: 'signin-lang', onclick: () => {
    setLanguage(language() === 'zh' ? 'en' : 'zh');
    onLanguage?.(language());
    renderSignIn(host, { login, onSignedIn, onLanguage, subtitle: subtitle === undefined ? undefined : null });
  } }, t('lang.switch')));
  fill(host, el('div', { class: 'signin-backdrop' }, form));
  username.focus();
  return form;
}

/**
 * Starts an app on the session it may already have: me() resolves to the signed-in user or null;
 * onUser(user) enters the app, onNoSession(message?) shows the card (with why, when me() failed).
 */
export async function openSession(me, onUser, onNoSession) {
  document.documentElement.lang = language() === 'zh' ? 'zh-CN' : 'en';
  let user = null;
  try {
    user = await me();
  } catch (e) {
    return onNoSession(describeError(e));
  }
  return user ? onUser(user) : onNoSession();
}
