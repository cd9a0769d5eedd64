// dataProvider.js: react-admin's data provider for the Accounts API (bearer token, page/limit,
// count/results, PATCH with the changed fields only). Speaks to the API only; no UI.
import { HttpError } from 'react-admin';
import { token } from './authProvider.js';

const MAX_LIMIT = 100;                       // the API clamps larger pages to 100
const base = (resource) => `/api/${resource}/`;

async function call(url, options = {}) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token()}` };
  if (options.body) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, { ...options, headers });
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (!res.ok) {
    const message = (body && (body.detail || JSON.stringify(body))) || res.statusText || `HTTP ${res.status}`;
    throw new HttpError(message, res.status, { errors: body });
  }
  return body;
}

function listQuery({ page, limit, filter = {}, sort }) {
  const q = new URLSearchParams({ page: String(page), limit: String(limit) });
  for (const key of ['stage', 'industry', 'assignedTo', 'search']) {
    if (filter[key] !== undefined && filter[key] !== '') q.set(key, String(filter[key]));
  }
  if (sort && sort.field && !(sort.field === 'updatedAt' && sort.order === 'DESC')) {
    q.set('ordering', (sort.order === 'DESC' ? '-' : '') + sort.field);
  }
  return q.toString();
}

// A page of react-admin's size; pages larger than the API's maximum (the CSV exporter asks for
// thousands) are fetched as API pages of 100 in parallel and joined.
async function getList(resource, { pagination = { page: 1, perPage: 25 }, filter, sort }) {
  const { page, perPage } = pagination;
  if (perPage <= MAX_LIMIT) {
    const body = await call(`${base(resource)}?${listQuery({ page, limit: perPage, filter, sort })}`);
    return { data: body.results, total: body.count };
  }
  const firstIndex = (page - 1) * perPage;
  const firstApiPage = Math.floor(firstIndex / MAX_LIMIT) + 1;
  const first = await call(`${base(resource)}?${listQuery({ page: firstApiPage, limit: MAX_LIMIT, filter, sort })}`);
  const lastIndex = Math.min(firstIndex + perPage, first.count) - 1;
  const lastApiPage = Math.floor(lastIndex / MAX_LIMIT) + 1;
  const rest = [];
  for (let p = firstApiPage + 1; p <= lastApiPage; p++) {
    rest.push(call(`${base(resource)}?${listQuery({ page: p, limit: MAX_LIMIT, filter, sort })}`));
  }
  const pages = [first, ...(await Promise.all(rest))];
  const all = pages.flatMap((b) => b.results);
  const offset = firstIndex - (firstApiPage - 1) * MAX_LIMIT;
  return { data: all.slice(offset, offset + perPage), total: first.count };
}

function changedFields(data, previous = {}) {
  const out = {};
  for (const [k, v] of Object.entries(data)) {
    if (JSON.stringify(v) !== JSON.stringify(previous[k])) out[k] = v;
  }
  return out;
}

export const dataProvider = {
  getList,
  getOne: async (resource, { id }) => ({ data: await call(`${base(resource)}${encodeURIComponent(id)}/`) }),
  getMany: async (resource, { ids }) => ({
    data: await Promise.all(ids.map((id) => call(`${base(resource)}${encodeURIComponent(id)}/`))),
  }),
  getManyReference: async () => ({ data: [], total: 0 }),
  update: async (resource, { id, data, previousData }) => ({
    data: await call(`${base(resource)}${encodeURIComponent(id)}/`, {
      method: 'PATCH', body: JSON.stringify(changedFields(data, previousData)),
    }),
  }),
  updateMany: async (resource, { ids, data }) => {
    await Promise.all(ids.map((id) => call(`${base(resource)}${encodeURIComponent(id)}/`, { method: 'PATCH', body: JSON.stringify(data) })));
    return { data: ids };
  },
  create: async (resource, { data }) => ({ data: await call(base(resource), { method: 'POST', body: JSON.stringify(data) }) }),
  delete: async (resource, { id, previousData }) => {
    await call(`${base(resource)}${encodeURIComponent(id)}/`, { method: 'DELETE' });
    return { data: previousData || { id } };
  },
  deleteMany: async (resource, { ids }) => {
    await Promise.all(ids.map((id) => call(`${base(resource)}${encodeURIComponent(id)}/`, { method: 'DELETE' })));
    return { data: ids };
  },
};
