// The one styled sign-in form of the web apps (viewer, leaders' phone view): it replaces the page's
// body, signs in through api.login and hands the session's user to onSignedIn.
import * as api from './api.js';
import { el, fill } from './dom.js';
import { t, language, setLanguage, describeError } from './i18n.js';

/** Shows the form; {@code message} explains why (an expired session), {@code subtitle} a key for the app's line. */
export function showSignIn({ message, onSignedIn, subtitle = 'signin.subtitle' } = {}) {
  document.body.className = 'signin-page';
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
        const session = await api.login(username.value.trim(), password.value);
        onSignedIn(session.user);
      } catch (err) {
        error.textContent = err.status === 401 || err.status === 400 ? t('signin.failed') : t('signin.error', describeError(err));
        submit.disabled = false;
        submit.textContent = t('signin.submit');
      }
    },
  },
  el('div', { class: 'signin-brand' }, el('div', { class: 'logo' }, '◆'),
    el('div', {}, el('h1', {}, t('app.name')), el('p', {}, t(subtitle)))),
  el('label', {}, t('signin.username'), username),
  el('label', {}, t('signin.password'), password),
  error, submit,
  el('button', {
    type: 'button', class: 'link', id: 'signin-lang',
    onclick: () => { setLanguage(language() === 'zh' ? 'en' : 'zh'); showSignIn({ message, onSignedIn, subtitle }); },
  }, t('lang.switch')));
  fill(document.body, el('div', { class: 'signin-backdrop' }, form));
  username.focus();
}

/** Starts an app: {@code onUser(user)} when a session exists, else {@code onNoSession(message?)}. */
export async function openSession(onUser, onNoSession) {
  document.documentElement.lang = language() === 'zh' ? 'zh-CN' : 'en';
  let user = null;
  try {
    user = await api.me();
  } catch (e) {
    return onNoSession(describeError(e));
  }
  return user ? onUser(user) : onNoSession();
}
