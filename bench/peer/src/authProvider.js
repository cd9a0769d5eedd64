// authProvider.js: bearer-token auth for the peer: the token is typed as the password and kept in
// localStorage under "peer.token". Never sends it anywhere but the API.
const KEY = 'peer.token';

export const token = () => localStorage.getItem(KEY) || '';

export const authProvider = {
  login: async ({ password }) => { localStorage.setItem(KEY, password); },
  logout: async () => { localStorage.removeItem(KEY); },
  checkAuth: async () => { if (!token()) throw new Error('Sign in with your API token'); },
  checkError: async (error) => {
    if (error && error.status === 401) { localStorage.removeItem(KEY); throw error; }
  },
  getPermissions: async () => undefined,
};
