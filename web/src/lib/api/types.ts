/** Short names for the generated schema types; never hand-write a request or response shape. */
import type { components } from './schema';

type Schemas = components['schemas'];

export type User = Schemas['UserOut'];
export type SessionOut = Schemas['SessionOut'];
export type Project = Schemas['ProjectOut'];
export type Member = Schemas['MemberOut'];
export type Invitation = Schemas['InvitationOut'];
export type InvitationCreated = Schemas['InvitationCreated'];
export type InvitationLink = Schemas['InvitationLink'];
export type InvitationPreview = Schemas['InvitationPreview'];
export type Imported = Schemas['Imported'];
export type BoardSummary = Schemas['BoardSummary'];
export type Board = Schemas['BoardOut'];
export type BoardTemplate = NonNullable<Schemas['BoardCreate']['template']>;
export type Column = Schemas['ColumnWithCards'];
export type Card = Schemas['CardOut'];
export type CardUpdate = Schemas['CardUpdate'];
export type CardMove = Schemas['CardMove'];
export type Comment = Schemas['CommentOut'];
export type AuditEvent = Schemas['AuditEventOut'];
export type Role = Schemas['Role'];
export type Job = Schemas['JobOut'];
export type JobPage = Schemas['JobPage'];
export type JobQueued = Schemas['JobQueued'];
export type JobStatus = Job['status'];
