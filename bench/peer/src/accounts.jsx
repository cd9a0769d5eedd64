// accounts.jsx: the peer's Accounts list (same columns as Accounts Console, 25 rows a page, stage
// filter, search, CSV export) and edit form. Views only; the data provider does the I/O.
import {
  ChipField, Datagrid, DateField, Edit, ExportButton, FilterList, FilterListItem, List, NumberField,
  SearchInput, SelectInput, SimpleForm, TextField, TextInput, TopToolbar,
} from 'react-admin';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';

const STAGES = [
  { id: 'prospect', name: 'Prospect' },
  { id: 'active', name: 'Active' },
  { id: 'customer', name: 'Customer' },
  { id: 'partner', name: 'Partner' },
  { id: 'churned', name: 'Churned' },
];

const StageFilter = () => (
  <Card sx={{ order: -1, mr: 1, mt: 8, width: 160, flexShrink: 0 }}>
    <CardContent>
      <FilterList label="Stage" icon={null}>
        {STAGES.map((s) => <FilterListItem key={s.id} label={s.name} value={{ stage: s.id }} />)}
      </FilterList>
    </CardContent>
  </Card>
);

const ListActions = () => (
  <TopToolbar>
    <ExportButton maxResults={10000} />
  </TopToolbar>
);

export const AccountList = () => (
  <List
    perPage={25}
    debounce={300} /* the same search debounce as Accounts Console (react-admin: 500) */
    sort={{ field: 'updatedAt', order: 'DESC' }}
    filters={[<SearchInput key="search" source="search" alwaysOn />]}
    aside={<StageFilter />}
    actions={<ListActions />}
  >
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="name" label="Name" />
      <TextField source="website" label="Website" emptyText="-" />
      <TextField source="industry" label="Industry" emptyText="-" />
      <TextField source="companySize" label="Size" emptyText="-" />
      <ChipField source="stage" label="Stage" size="small" />
      <TextField source="assignedTo" label="Assigned" emptyText="-" />
      <NumberField source="contactCount" label="Contacts" emptyText="-" />
      <NumberField source="openOpportunityCount" label="Open opps" emptyText="-" />
      <DateField source="updatedAt" label="Updated" />
    </Datagrid>
  </List>
);

export const AccountEdit = () => (
  <Edit mutationMode="pessimistic">
    <SimpleForm>
      <TextInput source="name" label="Name" />
      <TextInput source="website" label="Website" />
      <TextInput source="industry" label="Industry" />
      <TextInput source="companySize" label="Size" />
      <SelectInput source="stage" label="Stage" choices={STAGES} />
      <TextInput source="phone" label="Phone" />
    </SimpleForm>
  </Edit>
);
