import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'rm_clients' })
export class ClientReadModel {
  @PrimaryColumn({ name: 'client_id', type: 'text' }) clientId: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'json' }) topics: Record<string, string>;
  @Column({ type: 'text', nullable: true }) ip: string | null;
  @Column({ type: 'text', nullable: true }) hostname: string | null;
  @Column({ type: 'text' }) status: 'enabled' | 'disabled' | 'removed';
  @Column({ name: 'certificate_serial', type: 'text', nullable: true }) certificateSerial: string | null;
  @Column({ name: 'certificate_pem', type: 'text', nullable: true }) certificatePem: string | null;
  @Column({ name: 'certificate_not_after', type: 'timestamptz', nullable: true }) certificateNotAfter: Date | null;
  @Column({ name: 'key_origin', type: 'text', nullable: true }) keyOrigin: 'server' | 'csr' | 'registered' | null;
  @Column({ type: 'text', array: true }) tags: string[];
  @Column({ type: 'json' }) metadata: Record<string, string | number | boolean>;
  @Column({ name: 'enrolled_at', type: 'timestamptz' }) enrolledAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'updated_by', type: 'text', nullable: true }) updatedBy: string | null;
}
