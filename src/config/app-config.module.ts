import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CONFIG_NAMESPACES } from './config.namespaces';

/** Typed configuration for every module; the files and variables are read by `loadAppConfig`. */
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      load: CONFIG_NAMESPACES,
    }),
  ],
})
export class AppConfigModule {}
