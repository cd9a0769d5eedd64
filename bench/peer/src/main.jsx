// main.jsx: the react-admin peer of Accounts Console: one resource, list + edit. Benchmark only.
import { createRoot } from 'react-dom/client';
import { Admin, Resource } from 'react-admin';
import { dataProvider } from './dataProvider.js';
import { authProvider } from './authProvider.js';
import { AccountList, AccountEdit } from './accounts.jsx';

createRoot(document.getElementById('root')).render(
  <Admin title="Accounts" disableTelemetry dataProvider={dataProvider} authProvider={authProvider} requireAuth>
    <Resource name="accounts" list={AccountList} edit={AccountEdit} />
  </Admin>,
);
